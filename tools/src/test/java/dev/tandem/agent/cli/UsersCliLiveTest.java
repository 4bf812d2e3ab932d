package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.tools.demo.EmbeddedPair;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tandemctl users add|remove` against two real agents: secrets from a file, hashed, replicated; bad input changes nothing. */
class UsersCliLiveTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "--insecure"; // the pair runs --insecure (EmbeddedPair.start)
        System.arraycopy(args, 0, all, 1, args.length);
        int code = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8), all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void addWithSecretsReplicatesTheHashesAndBadInputChangesNothing() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir.resolve("pair"), "node-a", "node-b", PreflightLiveTest.TOLERANT);
             GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Duration.ofSeconds(30));
            String a = pair.first().adminTarget();
            var storeA = pair.first().presence().node().users();
            var storeB = pair.second().presence().node().users();

            Path secrets = dir.resolve("secrets");
            Files.writeString(secrets, "# operators' test users\nalice=alice-secret-1\ncarol=carol-secret-1\n");
            Run added = ctl("--agent", a, "users", "add", "bob", "--secrets", secrets.toString());
            assertThat(added.code()).as(added.err()).isEqualTo(TandemCtl.OK);
            assertThat(added.out()).contains("Added 3 of 3 user(s); secret set for 2; the group has 3 users.");
            assertThat(storeA.secretHash("alice")).hasValueSatisfying(h -> assertThat(h).startsWith("pbkdf2-sha256$")
                    .doesNotContain("alice-secret-1"));
            assertThat(storeA.secretHash("bob")).isEmpty();
            w.await("the hashes on node-b", Duration.ofSeconds(10), s -> storeB.secretHash("carol").isPresent());

            // a short secret: INVALID_ARGUMENT (exit 6), the secret not quoted, nothing added
            Files.writeString(secrets, "dave=short\n");
            Run bad = ctl("--agent", a, "users", "add", "--secrets", secrets.toString());
            assertThat(bad.code()).isEqualTo(TandemCtl.INVALID);
            assertThat(bad.err()).startsWith("invalid:").doesNotContain("short\n");
            assertThat(storeA.find("dave")).isEmpty();

            Files.writeString(secrets, "erin\n");
            Run malformed = ctl("--agent", a, "users", "add", "--secrets", secrets.toString());
            assertThat(malformed.code()).isEqualTo(TandemCtl.INVALID);
            assertThat(malformed.err()).contains("line 1: expected USER=SECRET");

            Run removed = ctl("--agent", a, "users", "remove", "bob", "nobody");
            assertThat(removed.code()).as(removed.err()).isEqualTo(TandemCtl.OK);
            assertThat(removed.out()).contains("Removed 1 of 2 user(s); the group has 2 users.");
            assertThat(storeA.find("bob")).isEmpty();
        }
    }
}
