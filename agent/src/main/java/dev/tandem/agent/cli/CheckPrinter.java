package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.CheckActionRequest;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import java.io.PrintWriter;

/** `--check` of failover, fallback and recover: prints the pre-flight checks, acts on nothing. */
final class CheckPrinter {
    private CheckPrinter() {
    }

    /** Prints the report; exit code OK when the action would be accepted, REFUSED when not. */
    static int check(TandemCtl root, Action action, String node) {
        PreflightReport r = root.stub().checkAction(CheckActionRequest.newBuilder().setAction(action)
                .setNode(node == null ? "" : node).build());
        PrintWriter out = root.out();
        out.println(render(r));
        out.flush();
        return r.getWouldBeAccepted() ? TandemCtl.OK : TandemCtl.REFUSED;
    }

    static String render(PreflightReport r) {
        StringBuilder b = new StringBuilder();
        b.append("Pre-flight checks: ").append(TandemCtl.label(r.getAction())).append(' ').append(r.getNode())
                .append('\n');
        for (Precondition p : r.getChecksList()) {
            b.append(String.format("  [%s] %-18s %s%n", p.getPassed() ? "PASS" : p.getBlocking() ? "FAIL" : "WARN",
                    p.getName(), p.getSentence()));
        }
        b.append(r.getWouldBeAccepted() ? "Would be accepted" : "Would be refused: " + r.getRefusal());
        return b.toString();
    }
}
