package dev.tandem.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WallClockStepFileTest {
    @TempDir
    Path dir;

    @Test
    void theClockFollowsTheTotalOffsetInTheFileAndIgnoresAHalfWrittenOne() throws Exception {
        WallClock wall = new WallClock();
        Path f = dir.resolve("offset");
        try (WallClockStepFile hook = new WallClockStepFile(f, wall)) {
            hook.apply();
            assertThat(wall.offsetMs()).as("no file: no step").isZero();
            Files.writeString(f, "-4600000\n");
            hook.apply();
            assertThat(wall.offsetMs()).isEqualTo(-4_600_000);
            Files.writeString(f, "-46"); // not a total the campaign writes, but a valid one
            hook.apply();
            assertThat(wall.offsetMs()).isEqualTo(-46);
            Files.writeString(f, "");
            hook.apply();
            assertThat(wall.offsetMs()).as("an empty file is a write in progress").isEqualTo(-46);
            Files.writeString(f, "12x");
            hook.apply();
            assertThat(wall.offsetMs()).as("garbage changes nothing").isEqualTo(-46);
            Files.delete(f);
            hook.apply();
            assertThat(wall.offsetMs()).as("file removed: back to the machine's clock").isZero();
        }
    }
}
