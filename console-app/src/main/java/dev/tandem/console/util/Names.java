package dev.tandem.console.util;

import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;

/** Display names of the contract's enums, in the guide's words (ha-behaviour.md §2, §3, §10). */
public final class Names {
    private Names() {}

    /** The guide's label (shared with the agent and the CLI); "—" when unset. */
    public static String state(NodeState s) {
        String l = Labels.state(s);
        return l.equals(Labels.NONE) ? "—" : l;
    }

    /** The guide's label (shared with the agent and the CLI); empty when unset. */
    public static String reason(Reason r) {
        String l = Labels.reason(r);
        return l.equals(Labels.NONE) ? "" : l;
    }

    /** The vendor's alert name (shared with the agent and the CLI); "Alert" when unset. */
    public static String alert(AlertType a) {
        String l = Labels.alert(a);
        return l.equals(Labels.NONE) ? "Alert" : l;
    }

    public static String action(Action a) {
        return switch (a) {
            case FAILOVER -> "Failover";
            case FALLBACK -> "Fallback";
            case RECOVERY -> "Recovery";
            default -> "Action";
        };
    }
}
