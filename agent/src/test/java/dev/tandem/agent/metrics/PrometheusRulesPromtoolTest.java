package dev.tandem.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** deploy/prometheus passes {@code promtool check rules} and {@code promtool test rules} (-Ppromtool only). */
@Tag("promtool")
class PrometheusRulesPromtoolTest {

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Promtool.path(), "check", "rules"));
        DeployFilesTest.ruleFiles().forEach(p -> cmd.add(p.toString()));
        String out = run(cmd);
        assertThat(out).contains("SUCCESS: 15 rules found").contains("SUCCESS: 9 rules found");
    }

    @Test
    void alertUnitTestsPass() throws Exception {
        String out = run(List.of(Promtool.path(), "test", "rules",
                DeployFilesTest.ALERT_TESTS.toString()));
        assertThat(out).contains("SUCCESS");
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s said:%n%s", String.join(" ", cmd), out).isZero();
        return out;
    }

}
