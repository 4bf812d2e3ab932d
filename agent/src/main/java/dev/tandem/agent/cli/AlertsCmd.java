package dev.tandem.agent.cli;

import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.AlertList;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.ListAlertsRequest;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * `tandemctl alerts`: the agent's own alerts in time order, with severity, whether they cleared
 * and who acknowledged them (the same list every console shows); `tandemctl alerts ack ID`.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Alerts of the agent's node in time order: severity, active or cleared (and why), "
                + "who acknowledged them. Each agent keeps its own node's alerts.",
        subcommands = AlertsCmd.Ack.class)
final class AlertsCmd extends TandemCtl.Sub {
    @Option(names = "--active", description = "only alerts that have not cleared")
    boolean activeOnly;

    @Override
    int run() {
        AlertList l = root.stub().listAlerts(ListAlertsRequest.newBuilder().setActiveOnly(activeOnly).build());
        PrintWriter out = root.out();
        out.printf("%5s %-19s %-8s %-8s %-28s %-21s %s%n", "id", "raised", "severity", "node", "state", "alert",
                "sentence");
        for (Alert a : l.getAlertsList()) {
            print(out, a);
        }
        if (l.getAlertsCount() == 0) {
            out.println(activeOnly ? "no active alert" : "no alert");
        }
        out.flush();
        return TandemCtl.OK;
    }

    static void print(PrintWriter out, Alert a) {
        String state = a.hasClearedAt() ? "cleared " + TandemCtl.time(a.getClearedAt()).substring(11) : "ACTIVE";
        out.printf("%5d %s %-8s %-8s %-28s %-21s %s%n", a.getId(), TandemCtl.time(a.getRaisedAt()), severity(a),
                a.getNode(), state, vendorName(a.getType()), a.getSentence());
        if (!a.getClearedBecause().isEmpty()) {
            out.printf("%5s cleared: %s%n", "", a.getClearedBecause());
        }
        out.printf("%5s acknowledged: %s%n", "", a.getAcknowledgedBy().isEmpty() ? "no"
                : a.getAcknowledgedBy() + " at " + TandemCtl.time(a.getAcknowledgedAt()));
    }

    private static String severity(Alert a) {
        String l = Labels.severity(a.getSeverity());
        return a.getSeverity() == dev.tandem.proto.admin.v1.AlertSeverity.ALERT_SEVERITY_CRITICAL
                ? l.toUpperCase(java.util.Locale.ROOT) : l;
    }

    /** The vendor's name of the alert (SRMFailover, ...), as the events and metrics print it. */
    static String vendorName(AlertType t) {
        return Labels.alert(t);
    }

    /** `tandemctl alerts ack ID`: the caller's acknowledgement, seen by every console. */
    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge alert ID of the agent's node (recorded with who and when; audited).")
    static final class Ack implements Callable<Integer> {
        @ParentCommand
        AlertsCmd parent;
        @Parameters(paramLabel = "ID", description = "the alert's id, as `tandemctl alerts` lists it")
        long id;

        @Override
        public Integer call() {
            TandemCtl root = parent.root;
            try {
                Alert a = root.stub().acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setId(id)
                        .setActor(root.actor).build());
                print(root.out(), a);
                root.out().flush();
                return TandemCtl.OK;
            } catch (StatusRuntimeException e) {
                return TandemCtl.fail(root, e);
            } finally {
                root.close();
            }
        }
    }
}
