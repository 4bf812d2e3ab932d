package dev.tandem.agent.srm;

import java.util.EnumSet;
import java.util.Set;

/**
 * Alerts about a standing condition, raised once while it lasts (not on every timer) and
 * raised again only after the condition cleared.
 */
final class AlertOnce {
    /** The standing conditions that alert once. */
    enum Condition {
        /** Own services or database failed, but the peer cannot take over. */
        FAILOVER_BLOCKED,
        /** The peer is lost while this node serves nobody. */
        NOBODY_SERVES,
        /** Maintenance mode holds an automatic action that is due. */
        HELD_BY_MAINTENANCE,
        /** Anti-flapping holds the automatic fallback. */
        HELD_BY_FLAPPING
    }

    private final Set<Condition> raised = EnumSet.noneOf(Condition.class);

    /** True the first time the condition is seen since it last cleared. */
    boolean first(Condition c) {
        return raised.add(c);
    }

    void cleared(Condition c) {
        raised.remove(c);
    }

    /** The peer is back: every condition about it starts afresh. */
    void peerBack() {
        raised.clear();
    }
}
