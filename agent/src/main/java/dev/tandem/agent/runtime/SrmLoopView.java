package dev.tandem.agent.runtime;

import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.ServerRecoveryManager;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@link SrmView} of one {@link SrmLoop}: the node's identity and ports (any thread), the
 * shared configuration in force (any thread), and the core's state, read on the actor
 * thread only (every core read checks it, so a reader from another thread fails loudly
 * instead of seeing a half-handled event).
 */
final class SrmLoopView implements SrmView {
    /** Who the node is and where it listens: fixed for the agent's life. */
    record Identity(String self, String peerName, int servicePort, int adminPort, String adminAddress) {
    }

    private final Identity id;
    private final LongSupplier clock;
    private final Supplier<SharedConfig> shared;
    private final ServerRecoveryManager core;
    private final SrmActor actor;
    private final PeerInbox inbox;

    SrmLoopView(Identity id, LongSupplier clock, Supplier<SharedConfig> shared, ServerRecoveryManager core,
                SrmActor actor, PeerInbox inbox) {
        this.id = id;
        this.clock = clock;
        this.shared = shared;
        this.core = core;
        this.actor = actor;
        this.inbox = inbox;
    }

    @Override
    public String self() {
        return id.self();
    }

    @Override
    public String peerName() {
        return id.peerName();
    }

    @Override
    public long now() {
        return clock.getAsLong();
    }

    @Override
    public int servicePort() {
        return id.servicePort();
    }

    @Override
    public int adminPort() {
        return id.adminPort();
    }

    @Override
    public String adminAddress() {
        return id.adminAddress();
    }

    @Override
    public SharedConfig shared() {
        return shared.get();
    }

    private ServerRecoveryManager core() {
        actor.assertOnActor();
        return core;
    }

    @Override
    public NodeState state() {
        return core().state();
    }

    @Override
    public Reason reason() {
        return core().reason();
    }

    @Override
    public long sinceMs() {
        return core().sinceMs();
    }

    @Override
    public String sentence() {
        return core().sentence();
    }

    @Override
    public SrmParameters parameters() {
        return core().parameters();
    }

    @Override
    public boolean haEnabled() {
        return core().haEnabled();
    }

    @Override
    public boolean maintenance() {
        return core().maintenance();
    }

    @Override
    public long automaticFailoverAtMs() {
        return core().automaticFailoverAtMs();
    }

    @Override
    public Optional<String> refusal(AdminAction action) {
        return core().refusal(action);
    }

    @Override
    public PeerStatus peer() {
        return core().peer();
    }

    @Override
    public boolean peerReachable() {
        return core().peerReachable();
    }

    @Override
    public long lastHeartbeatMs() {
        return core().lastHeartbeatMs();
    }

    @Override
    public long missedHeartbeats(long atMs) {
        return core().missedHeartbeats(atMs);
    }

    @Override
    public long timeoutInForceMs() {
        return core().timeoutInForceMs();
    }

    @Override
    public String configProblem() {
        return core().configProblem();
    }

    @Override
    public Optional<HeartbeatMessage> peerMessage() {
        return inbox.last(core().peerReachable());
    }
}
