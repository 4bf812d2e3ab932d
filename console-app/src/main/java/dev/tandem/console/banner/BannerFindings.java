package dev.tandem.console.banner;

import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.ha.v1.StateKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What is wrong or pending in one group, read only from the agent's status (no HA meaning is
 * re-derived here: states, kinds, the matched row, offered actions and the pending failover
 * deadline all come from the agent). Worst first.
 */
public final class BannerFindings {
    /** Data older than this is not "now": the banner says how old it is. */
    public static final long STALE_AFTER_MS = 5_000;

    private BannerFindings() {}

    public static List<Finding> of(GroupSource src, long now) {
        GroupStatus s = src.status();
        String g = s.getGroup();
        List<Finding> out = new ArrayList<>();
        long age = now - src.lastDataAtMs();
        if (!src.live() || age > STALE_AFTER_MS) {
            out.add(new Finding(BannerLevel.WARNING, g + ": data " + Ages.duration(age) + " old — agent "
                    + (src.via() == null ? "" : src.via().address() + " ") + "does not answer; what follows may have changed"));
        }
        for (NodeReport r : s.getNodesList()) {
            NodeStatus n = r.getStatus();
            if (!n.getReachable()) {
                out.add(new Finding(BannerLevel.CRITICAL, n.getNode() + " unreachable from " + s.getReporter()
                        + " (no heartbeat)"));
                continue;
            }
            if (r.hasAutomaticFailoverAt()) {
                long in = untilDeadline(src, r, now);
                String what = n.getState() == NodeState.RUNNING_IN_BACKUP_MODE ? "automatic recovery" : "automatic failover";
                out.add(new Finding(BannerLevel.CRITICAL, downServices(r) + " down on " + n.getNode() + " — " + what
                        + (in > 0 ? " in " + Ages.duration((in + 999) / 1000 * 1000) : " now") + " unless it recovers"));
            }
            if (n.getKind() == StateKind.ERROR) {
                out.add(new Finding(BannerLevel.CRITICAL, n.getNode() + " is " + Names.state(n.getState()) + " ("
                        + Names.reason(n.getReason()) + ")" + offeredText(s)));
            } else if (n.getKind() == StateKind.TRANSITIONAL) {
                out.add(new Finding(BannerLevel.WARNING, n.getNode() + " is " + Names.state(n.getState()) + " ("
                        + Names.reason(n.getReason()) + ") — wait for it to settle"));
            }
            if (r.hasDatabase() && !r.getDatabase().getUp()) {
                out.add(new Finding(BannerLevel.CRITICAL, "database down on " + n.getNode()));
            } else if (!r.hasAutomaticFailoverAt() && !downServices(r).isEmpty() && n.getState() == NodeState.NORMAL) {
                out.add(new Finding(BannerLevel.WARNING, downServices(r) + " down on " + n.getNode()
                        + (s.getMaintenanceMode() && s.getHaEnabled() ? " — automatic failover held by maintenance mode" : "")));
            }
        }
        if (s.getMaintenanceMode()) {
            out.add(new Finding(BannerLevel.WARNING, g + ": maintenance mode — automatic failover, fallback and "
                    + "recovery are held; manual actions stay possible"));
        }
        if (!s.getHaEnabled()) {
            out.add(new Finding(BannerLevel.WARNING, g + ": HA disabled — no automatic failover"));
        }
        if (!s.getProblem().isBlank()) {
            out.add(new Finding(BannerLevel.WARNING, g + ": " + s.getProblem()));
        }
        if (!s.getMatrix().getMatched()) {
            out.add(new Finding(BannerLevel.WARNING, g + ": no matrix row" + offeredText(s)));
        } else if (!s.getMatrix().getRow().getId().equals("M1")) {
            out.add(new Finding(BannerLevel.WARNING, g + ": matrix row " + s.getMatrix().getRow().getId() + " — "
                    + statesText(s) + offeredText(s)));
        }
        if (out.isEmpty()) {
            out.add(new Finding(BannerLevel.OK, g + ": normal (M1) — both nodes serve their users, HA enabled"));
        }
        out.sort((a, b) -> b.level().compareTo(a.level()));
        return out;
    }

    /**
     * Milliseconds until the node's pending automatic action, on the console's clock: the agent's
     * deadline shifted by the measured clock offset, so a console whose clock differs from the
     * agent's still counts down right.
     */
    static long untilDeadline(GroupSource src, NodeReport r, long now) {
        long offset = src.via() == null ? 0 : src.via().clockOffsetMs();
        return Ages.millis(r.getAutomaticFailoverAt()) + offset - now;
    }

    private static String downServices(NodeReport r) {
        Set<String> down = new LinkedHashSet<>();
        for (CriticalServiceStatus c : r.getServicesList()) {
            if (!c.getRunning()) {
                down.add(c.getService().isBlank() ? c.getId() : c.getService());
            }
        }
        return String.join(", ", down);
    }

    private static String statesText(GroupStatus s) {
        List<String> parts = new ArrayList<>();
        for (NodeReport r : s.getNodesList()) {
            NodeStatus n = r.getStatus();
            parts.add(n.getNode() + " " + (n.getReachable() ? Names.state(n.getState()) : "unreachable"));
        }
        return String.join(", ", parts);
    }

    /** ": Fallback of node-a offered" or ": nothing offered". */
    static String offeredText(GroupStatus s) {
        List<String> parts = new ArrayList<>();
        for (OfferedAction a : s.getOfferedActionsList()) {
            parts.add(Names.action(a.getAction()) + (a.getNode().isBlank() ? "" : " of " + a.getNode()));
        }
        return parts.isEmpty() ? ": no action offered" : ": " + String.join(", ", parts) + " offered";
    }
}
