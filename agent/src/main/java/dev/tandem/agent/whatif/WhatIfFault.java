package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.CriticalService;

/**
 * One injected fault of a what-if run: what happens, to which node, at which virtual time
 * after the start. Checked when built: a fault that cannot happen is refused with a sentence.
 *
 * @param node    the node it happens to; null for the group-wide kinds ({@link Kind#groupWide()})
 * @param service the critical service of a service fault, else null
 */
public record WhatIfFault(Kind kind, String node, CriticalService service, long atMs) {

    /** The faults admin.proto's FaultKind offers, in its order. */
    public enum Kind {
        NODE_LOST("is lost (crash, no goodbye)"),
        ANNOUNCED_SHUTDOWN("shuts down in an orderly way"),
        CRITICAL_SERVICE_DOWN("loses a critical service"),
        CRITICAL_SERVICE_UP("gets a critical service back"),
        DATABASE_FAILURE("loses its database"),
        DATABASE_RESTORED("gets its database back"),
        PARTITION("the peer link breaks both ways"),
        PARTITION_HEALED("the peer link is back"),
        MANUAL_FAILOVER("an administrator asks a failover of"),
        MANUAL_FALLBACK("an administrator asks a fallback to"),
        MANUAL_RECOVERY("an administrator asks a recovery on"),
        HA_OFF("high availability is disabled on both nodes"),
        PARAMETERS_DIFFER("gets parameters that differ from its peer's"),
        NODE_RESTARTED("starts again from its persisted state");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** Happens to the link or the whole group, not to one node. */
        public boolean groupWide() {
            return this == PARTITION || this == PARTITION_HEALED || this == HA_OFF;
        }

        public boolean needsService() {
            return this == CRITICAL_SERVICE_DOWN || this == CRITICAL_SERVICE_UP;
        }
    }

    public WhatIfFault {
        if (kind == null) {
            throw new IllegalArgumentException("a fault needs a kind");
        }
        if (atMs < 0) {
            throw new IllegalArgumentException("fault " + kind + " at " + atMs + " ms: the time must not be negative");
        }
        if (!kind.groupWide() && (node == null || node.isBlank())) {
            throw new IllegalArgumentException("fault " + kind + " needs the node it happens to");
        }
        if (kind.needsService() && service == null) {
            throw new IllegalArgumentException("fault " + kind + " needs a critical service id, one of "
                    + java.util.Arrays.toString(CriticalService.values()));
        }
        node = kind.groupWide() ? null : node;
        service = kind.needsService() ? service : null;
    }

    /** In words, e.g. "Cisco Sync Agent down on imp-node-1". */
    public String describe() {
        return switch (kind) {
            case CRITICAL_SERVICE_DOWN -> service.displayName() + " down on " + node;
            case CRITICAL_SERVICE_UP -> service.displayName() + " up again on " + node;
            case PARTITION, PARTITION_HEALED, HA_OFF -> kind.words;
            case MANUAL_FAILOVER, MANUAL_FALLBACK, MANUAL_RECOVERY -> kind.words + " " + node;
            default -> node + " " + kind.words;
        };
    }
}
