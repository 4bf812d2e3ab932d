package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.tools.demo.EmbeddedPair;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tandemctl simulate` against two real agents (issue 15): the timeline, rows, moves and action; bad input exits 6. */
class WhatIfCliLiveTest {
    @TempDir
    Path dir;

    private static String[] ctl(int[] code, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "--insecure"; // the test pair runs --insecure (EmbeddedPair.start)
        System.arraycopy(args, 0, all, 1, args.length);
        code[0] = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8), all);
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void simulatePrintsTheOutcomeAndRefusesBadFaults() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", PreflightLiveTest.TOLERANT);
             GroupWatch w = new GroupWatch(pair.second().adminTarget())) {
            w.awaitRow("M1", Duration.ofSeconds(30));
            String b = pair.second().adminTarget();
            int[] code = new int[1];

            String[] r = ctl(code, "--agent", b, "simulate", "--fault", "service-down:node-a:sync_agent@0",
                    "--fault", "db-fail:node-b@30s");
            assertThat(code[0]).as(r[1]).isEqualTo(TandemCtl.OK);
            assertThat(r[0]).contains("What-if (nothing was done to the pair); the copy starts in M1")
                    .contains("Timeline:").contains("node-a       Normal -> Failing Over (Critical Services Down)")
                    .contains("Rows (node-a | node-b; - = between rows):")
                    .contains("M12  Failed Over with Critical Services Not Running / Critical Services Down | Running in Backup Mode")
                    .contains("Users that would move:").contains("node-a       HAND_OVER")
                    // the backup's database fails too: nobody can serve, running in failed mode (extension row X5)
                    .contains("Final row: X5").contains("Recommended action:\n  1. ")
                    .contains("After Cisco Sync Agent down on node-a at 0 ms, then node-b loses its database at 30 s");
            // the pair itself did not move
            assertThat(GroupWatch.row(w.latest())).isEqualTo("M1");

            r = ctl(code, "--agent", b, "simulate", "-o", "json", "--fault", "failover:node-a");
            assertThat(code[0]).isEqualTo(TandemCtl.OK);
            assertThat(r[0]).contains("\"finalRow\": \"M3\"");

            r = ctl(code, "--agent", b, "simulate", "--fault", "fallback:node-a");
            assertThat(code[0]).isEqualTo(TandemCtl.OK);
            assertThat(r[0]).contains("Note: at 0 ms: an administrator asks a fallback to node-a: refused, Fallback is not offered");

            r = ctl(code, "--agent", b, "simulate", "--fault", "explode:node-a");
            assertThat(code[0]).isEqualTo(TandemCtl.INVALID);
            assertThat(r[1]).contains("invalid: fault 'explode:node-a'").contains("node-lost, shutdown");
            r = ctl(code, "--agent", b, "simulate", "--fault", "node-lost:node-x@1s");
            assertThat(code[0]).isEqualTo(TandemCtl.INVALID);
            assertThat(r[1]).contains("names node 'node-x'");
            r = ctl(code, "--agent", b, "simulate", "--fault", "node-lost:node-a@soon");
            assertThat(code[0]).isEqualTo(TandemCtl.INVALID);
            assertThat(r[1]).contains("time 'soon'");
            r = ctl(code, "--agent", b, "simulate");
            assertThat(code[0]).isEqualTo(TandemCtl.USAGE);
        }
    }
}
