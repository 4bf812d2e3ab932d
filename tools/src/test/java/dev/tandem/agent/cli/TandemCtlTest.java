package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.e2e.Fixtures;
import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.tools.demo.EmbeddedPair;
import java.io.PrintWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tandemctl against a real pair: output and the documented exit codes. */
class TandemCtlTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    /** Writers over byte streams, buffered as System.out is: output a command forgets to flush is lost here too. */
    static Run ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the pair runs --insecure for now (EmbeddedPair); the secured CLI is tested in security.live
        String[] all = new String[args.length + 1];
        all[0] = "--insecure";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8), all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statusActionsAndExitCodes() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", Fixtures.STEADY);
             GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Fixtures.SOON);
            String a = pair.first().adminTarget();
            Run status = ctl("--agent", a, "status");
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("Presence Redundancy Group: prg1").contains("node-a")
                    .contains("State: Normal").contains("Matrix row M1");
            assertThat(ctl("--agent", a, "status", "--output", "json").out()).contains("\"group\": \"prg1\"");
            assertThat(ctl("--agent", a, "dbreplication").out()).contains("node-b").contains("Setup Completed");
            assertThat(ctl("--agent", a, "services").out()).contains("Cisco XCP Router").contains("Running");
            assertThat(ctl("--agent", a, "params", "get").out()).contains("\"heartbeatIntervalMs\": \"200\"")
                    .contains("\"automaticFallbackEnabled\": false");

            assertThat(ctl("--agent", a, "fallback", "node-a").code()).isEqualTo(TandemCtl.REFUSED);
            assertThat(ctl("--agent", a, "failover", "node-x").code()).isEqualTo(TandemCtl.NOT_FOUND);
            assertThat(ctl("--agent", a, "params", "set", "heartbeat_interval_ms=1").code()).isEqualTo(TandemCtl.INVALID);
            assertThat(ctl("--agent", a, "nonsense").code()).isEqualTo(TandemCtl.USAGE);
            assertThat(ctl("--agent", "127.0.0.1:1", "--timeout", "2", "status").code()).isEqualTo(TandemCtl.UNREACHABLE);
            assertThat(ctl("status", "--help").code()).isZero();

            Run fo = ctl("--agent", a, "--actor", "carol", "failover", "node-a");
            assertThat(fo.code()).isZero();
            assertThat(fo.out()).contains("accepted");
            w.awaitRow("M3", Fixtures.SOON);
            assertThat(ctl("--agent", a, "events").out()).contains("ADMIN accepted").contains("Failing Over");
        }
    }
}
