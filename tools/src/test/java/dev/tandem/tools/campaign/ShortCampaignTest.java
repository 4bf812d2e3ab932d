package dev.tandem.tools.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.matrix.MatrixRow;
import dev.tandem.agent.matrix.StateMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The CI's short fault campaign (issue 10): a few seeded rounds of real agent processes,
 * simulated clients and random faults, each checked from outside. The long campaign
 * (BENCHMARKS.md) runs the same rounds with {@link FaultCampaign}.
 */
class ShortCampaignTest {
    /** Matrix rows M1-M24 and the extension rows, as the agent knows them. */
    private static final Set<String> ROWS = StateMatrix.rows().stream().map(MatrixRow::id).collect(Collectors.toSet());
    /**
     * Seeds whose draws cover a partition with a pause (M21, then a Recovery), a kill, a database
     * and a service fault. Seed 12 failed about one run in three before the user records carried a
     * version: in M21 node-a gave its users away while node-b gave them back, the two moves crossed
     * on the peer link, each store kept the one it received last, and after the Recovery node-b's
     * store said it served node-a's 10 users (served by both nodes). Seed 8 adds a wall-clock
     * step of node-a (6,687 s back, through the agent's test hook) to a partition and a service
     * stop.
     */
    private static final long[] SEEDS = {12, 3, 9, 8};

    @Test
    void seededRoundsLoseNobodyServeNobodyTwiceAndEndInARow() throws Exception {
        // under target/, not a temp dir: the agents' logs of a failed round stay for whoever looks into it
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "short-campaign")), "run-");
        List<String> settings = new ArrayList<>(FaultCampaign.AGENT_SETTINGS);
        FaultRound.Settings s = new FaultRound.Settings(20, dir, 0, settings, Duration.ofSeconds(30), 0.4);
        for (long seed : SEEDS) {
            RoundResult r = new FaultRound(seed, s).run();
            String round = "round " + r.json() + " (agent logs under " + dir.resolve("round-" + seed) + ")";
            System.out.println("short campaign " + r.json()); // the figures, in the test's output
            assertThat(r.problem()).as(round).doesNotStartWith("harness:");
            assertThat(r.usersLost()).as("users lost after settling, " + round).isZero();
            assertThat(r.doubledAfterSettle()).as("users served by both nodes after settling, " + round).isZero();
            assertThat(r.settledRow()).as("end state, " + round).isIn(ROWS);
            assertThat(r.rowsSeen()).as("every state settled in, " + round).allMatch(ROWS::contains);
            assertThat(r.storesEqual()).as("both user stores identical once drained, " + round).isTrue();
        }
    }
}
