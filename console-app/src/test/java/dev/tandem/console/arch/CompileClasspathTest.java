package dev.tandem.console.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console compiles without the agent (issue 8): the agent and the tools module (the demo
 * pair) are on its runtime and test classpaths only. The build writes the compile classpath to
 * target/compile-classpath.txt (maven-dependency-plugin, generate-test-resources).
 */
class CompileClasspathTest {

    @Test
    void noAgentOrToolsOnTheCompileClasspath() throws IOException {
        Path file = Path.of("target", "compile-classpath.txt");
        assertThat(file).as("written by the build (mvn generate-test-resources)").exists();
        List<String> entries = Arrays.asList(Files.readString(file).trim().split(File.pathSeparator));
        assertThat(entries).as("the console's compile classpath").anyMatch(e -> e.contains("contract"))
                .noneMatch(e -> e.contains("tandem-agent") || e.contains("/agent/target"))
                .noneMatch(e -> e.contains("tandem-tools") || e.contains("/tools/target"));
    }
}
