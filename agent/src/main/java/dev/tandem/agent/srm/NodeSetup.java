package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.INITIALIZING;

/** Who this SRM is and how it is set up: node name, parameters, and whether HA is on. */
final class NodeSetup {
    private final String node;
    private final boolean strict;
    private SrmParameters params;
    private boolean haEnabled;
    /** Maintenance mode: automatic actions are held (manual ones are not). */
    private boolean maintenance;
    private FlapLimits flapLimits = FlapLimits.DEFAULTS;

    NodeSetup(String node, SrmParameters params, boolean haEnabled, boolean strict) {
        this.node = node;
        this.params = params.validated();
        this.haEnabled = haEnabled;
        this.strict = strict;
    }

    String node() {
        return node;
    }

    /** True in tests: an illegal transition throws instead of failing the node (M21). */
    boolean strict() {
        return strict;
    }

    SrmParameters params() {
        return params;
    }

    /** Only valid parameters get here: {@link Refusals} turned the others away. */
    void params(SrmParameters valid) {
        params = valid;
    }

    boolean haEnabled() {
        return haEnabled;
    }

    void haEnabled(boolean enabled) {
        haEnabled = enabled;
    }

    FlapLimits flapLimits() {
        return flapLimits;
    }

    void flapLimits(FlapLimits limits) {
        flapLimits = limits;
    }

    boolean maintenance() {
        return maintenance;
    }

    void maintenance(boolean on) {
        maintenance = on;
    }

    /** The sentence's tail for an automatic action that maintenance mode holds. */
    static final String HELD = "automatic action held by maintenance mode";

    /** The heartbeat timeout in force: longer while initializing (§4). */
    long timeoutInForceMs(NodeState state) {
        return state == INITIALIZING ? params.initializationHeartbeatTimeoutMs() : params.heartbeatTimeoutMs();
    }

    /** Whether the peer is watched: a transitional state must finish or fail even with HA off. */
    boolean watchesPeer(NodeState state) {
        return haEnabled || state.isTransitional();
    }
}
