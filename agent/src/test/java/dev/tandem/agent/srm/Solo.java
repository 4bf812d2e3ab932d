package dev.tandem.agent.srm;

import dev.tandem.agent.whatif.VirtualPair;
import java.util.ArrayList;
import java.util.List;

/**
 * One SRM core ("n1") driven event by event against a scripted peer ("n2") on a virtual
 * clock: for tests that need an exact peer status in an exact state, which a live pair
 * reaches only by a long way round. Everything it decides is kept for the assertions.
 */
final class Solo {
    static final SrmParameters P = VirtualPair.shortTimers();
    static final long INCARNATION = 11;

    final ServerRecoveryManager srm;
    long now = 1_000;
    final List<Transition> transitions = new ArrayList<>();
    final List<SrmCommand> commands = new ArrayList<>();

    Solo(boolean haEnabled) {
        this(P, haEnabled);
    }

    Solo(SrmParameters params, boolean haEnabled) {
        srm = new ServerRecoveryManager("n1", params, haEnabled, true);
    }

    /** Started from {@code persisted} (null: first start), serving what the user store says. */
    static Solo started(PersistedState persisted, boolean servesOwn, boolean servesPeer) {
        Solo s = new Solo(true);
        s.on(new SrmEvent.Started(persisted, INCARNATION, servesOwn, servesPeer));
        return s;
    }

    /**
     * Restarted from {@code persisted} and settled against a peer in {@code peer}: the way to
     * put a node in any state (Initialization's outcome for that pair).
     */
    static Solo settled(NodeState persisted, boolean stoppedBySrm, boolean servesOwn, boolean servesPeer,
                        NodeState peer, Reason peerReason) {
        Solo s = started(persisted == null ? null
                : new PersistedState(persisted, Reason.ON_ADMIN_REQUEST, 0, stoppedBySrm), servesOwn, servesPeer);
        s.peer(peer, peerReason);
        return s;
    }

    Decision on(SrmEvent e) {
        Decision d = srm.handle(e, now);
        transitions.addAll(d.transitions());
        commands.addAll(d.commands());
        return d;
    }

    /** The peer's status, healthy, serving this node's users exactly when its state says so. */
    PeerStatus status(NodeState s, Reason r) {
        return status(s, r, true, true, UserHoldings.HOLDS_PEER.contains(s));
    }

    /** A status that acknowledges this node's current incarnation (the peer has heard it). */
    PeerStatus status(NodeState s, Reason r, boolean servicesUp, boolean databaseUp, boolean servesUs) {
        return new PeerStatus("n2", s, r, true, srm.parameters().fingerprint(), servicesUp, databaseUp, null, 22,
                srm.status().incarnation(), servesUs);
    }

    Decision peer(NodeState s, Reason r) {
        return on(new SrmEvent.HeartbeatReceived(status(s, r)));
    }

    Decision peer(PeerStatus p) {
        return on(new SrmEvent.HeartbeatReceived(p));
    }

    /** Lets {@code ms} pass and fires the timers due. */
    Decision advance(long ms) {
        now += ms;
        return on(new SrmEvent.TimeAdvanced());
    }

    NodeState state() {
        return srm.state();
    }

    Reason reason() {
        return srm.reason();
    }

    static List<MoveKind> moves(Decision d) {
        return d.commands().stream().filter(c -> c instanceof SrmCommand.MoveUsers)
                .map(c -> ((SrmCommand.MoveUsers) c).kind()).toList();
    }

    List<MoveKind> moves() {
        return commands.stream().filter(c -> c instanceof SrmCommand.MoveUsers)
                .map(c -> ((SrmCommand.MoveUsers) c).kind()).toList();
    }

    static List<SrmCommand.RaiseAlert> alerts(Decision d) {
        return d.commands().stream().filter(c -> c instanceof SrmCommand.RaiseAlert)
                .map(c -> (SrmCommand.RaiseAlert) c).toList();
    }

    static boolean has(Decision d, Class<? extends SrmCommand> type) {
        return d.commands().stream().anyMatch(type::isInstance);
    }

    /** Forgets what was decided so far: the assertions that follow are about what comes next. */
    void clear() {
        transitions.clear();
        commands.clear();
    }
}
