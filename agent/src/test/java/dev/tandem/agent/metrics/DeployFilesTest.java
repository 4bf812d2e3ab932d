package dev.tandem.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.agent.service.AgentMain;
import dev.tandem.agent.srm.AlertType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files in deploy/ fit together without promtool: every RTMT alert has a rule, every alert
 * rule has a unit test, and every query of the Grafana dashboard is a recording rule (or an
 * alert expression), so promtool check rules and test rules cover it (those run with -Ppromtool).
 */
class DeployFilesTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path RECORDING = DEPLOY.resolve("prometheus/tandem-recording.rules.yml");
    static final Path ALERTS = DEPLOY.resolve("prometheus/tandem-alerts.rules.yml");
    static final Path ALERT_TESTS = DEPLOY.resolve("prometheus/tests/tandem-alerts.test.yml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/dashboards/tandem-fleet.json");
    /** The dashboard's group filter, which the recorded series carry. */
    private static final String GROUP_FILTER = "{group=~\"$group\"}";

    @Test
    void everyVendorAlertHasARule() throws IOException {
        Set<String> alerts = names(ALERTS, "alert");
        for (AlertType a : AlertType.values()) {
            assertThat(alerts).as("alert rules").contains(a.vendorName());
        }
        assertThat(alerts).contains("TandemHeartbeatRoundTripHigh", "TandemReplicationSetupNotHealthy",
                "MaintenanceMode");
    }

    @Test
    void everyAlertRuleHasAUnitTestThatSeesItFire() throws IOException {
        String tests = Files.readString(ALERT_TESTS);
        for (String alert : names(ALERTS, "alert")) {
            // a test block for the alert whose expected alerts are not empty
            Pattern firing = Pattern.compile("alertname: " + Pattern.quote(alert) + "\\s*\\n\\s*exp_alerts:\\s*\\n\\s*- exp_labels");
            assertThat(firing.matcher(tests).find()).as("a firing unit test for %s in %s", alert, ALERT_TESTS).isTrue();
        }
    }

    @Test
    void everyDashboardQueryIsARuleThatPromtoolChecks() throws IOException {
        Set<String> defined = new HashSet<>(names(RECORDING, "record"));
        defined.addAll(values(ALERTS, "expr"));
        List<String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        for (String q : queries) {
            assertThat(defined).as("dashboard query %s (without its group filter) in the rules", q)
                    .contains(q.replace(GROUP_FILTER, ""));
        }
    }

    @Test
    void theExampleAgentConfigurationIsValidAndTheUnitStartsTheAgentWithIt() throws IOException {
        AgentConfig cfg = AgentConfig.parse(AgentConfig.load(DEPLOY.resolve("systemd/agent.properties")));
        assertThat(cfg.node()).isEqualTo("imp-node-1");
        assertThat(cfg.metricsPort()).isEqualTo(9400);
        assertThat(Files.readString(DEPLOY.resolve("prometheus/prometheus.example.yml")))
                .contains("imp-node-1.example.net:" + cfg.metricsPort());

        String unit = Files.readString(DEPLOY.resolve("systemd/tandem-agent.service"));
        assertThat(unit).contains(AgentMain.class.getName() + " --config /etc/tandem/agent.properties")
                .contains("KillSignal=SIGTERM").contains("RestartPreventExitStatus=2");
    }

    static List<String> dashboardQueries() throws IOException {
        JsonObject d = JsonParser.parseString(Files.readString(DASHBOARD)).getAsJsonObject();
        List<String> out = new ArrayList<>();
        for (JsonElement p : d.getAsJsonArray("panels")) {
            for (JsonElement t : p.getAsJsonObject().getAsJsonArray("targets")) {
                out.add(t.getAsJsonObject().get("expr").getAsString());
            }
        }
        for (JsonElement a : d.getAsJsonObject("annotations").getAsJsonArray("list")) {
            out.add(a.getAsJsonObject().get("expr").getAsString());
        }
        return out;
    }

    private static Set<String> names(Path rules, String key) throws IOException {
        return new HashSet<>(values(rules, key));
    }

    /** The one-line values of {@code key:} in a rules file (multi-line exprs are not needed here). */
    private static List<String> values(Path rules, String key) throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*-?\\s*" + key + ":\\s*(\\S.*)$").matcher(Files.readString(rules));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    static List<Path> ruleFiles() {
        return Arrays.asList(RECORDING, ALERTS);
    }
}
