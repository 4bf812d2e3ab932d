package dev.tandem.agent.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent jar is the product only: the client simulator, the benchmarks and the embedded demo
 * pair live in the tools module (issue 8). Checked on the compiled main classes, which are exactly
 * what the jar packs.
 */
class ProductOnlyTest {

    @Test
    void agentMainClassesHoldNoSimulatorBenchmarkOrDemo() throws IOException {
        Path classes = Path.of("target", "classes");
        assertThat(classes.resolve("dev/tandem/agent")).isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            List<String> offenders = files.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".class") || p.endsWith(".xml"))
                    .filter(p -> p.contains("/sim/") || p.contains("/bench/") || p.contains("/demo/")
                            || p.contains("Embedded") || p.contains("Simulat") || p.contains("Bench")
                            || p.contains("bench-logback"))
                    .toList();
            assertThat(offenders).as("simulator, benchmark or demo code in the agent jar").isEmpty();
        }
    }
}
