package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.ServerRecoveryManager;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.srm.Transition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One emulated node around an SRM core: critical services, a database, a "disk" with the
 * persisted SRM state, and which nodes' users it serves. It runs the SRM's commands the way
 * the agent does, on the virtual clock, and feeds the results back as events.
 */
public final class VirtualNode {
    final String name;
    /** 1 or 2: keeps incarnations of the two nodes apart. */
    private final int index;
    final VirtualPair pair;
    SrmParameters params;
    boolean haEnabled = true;

    ServerRecoveryManager srm;
    PersistedState disk;
    final Set<CriticalService> servicesDown = EnumSet.noneOf(CriticalService.class);
    boolean databaseUp = true;
    /** Whose users this node serves (by home node name); kept across restarts, like the database. */
    final Set<String> served = new HashSet<>();
    /** When each claim on a home's users began. */
    final java.util.Map<String, Long> servedSince = new java.util.HashMap<>();

    long moveDelayMs = 5;
    long startServicesDelayMs = 5;
    boolean holdMoves;
    final List<Runnable> heldMoves = new ArrayList<>();
    MoveKind failNextMove;
    boolean failNextServiceStart;
    int generation;
    /**
     * Its user store is behind the peer's (issue 11: deleted database) until a resync completes;
     * a resync starts when it hears the live peer and takes {@link #resyncMs}.
     */
    boolean storeBehind;
    private boolean resyncing;
    /** The peer's generation the resync in flight reads from. */
    private int resyncFrom;
    long resyncMs = 20;

    /** Homes added by acquiring moves that have not finished: a crash rolls exactly these back. */
    private final List<Set<String>> uncommittedAdds = new ArrayList<>();

    final List<Transition> transitions = new ArrayList<>();
    final List<SrmCommand.RaiseAlert> alerts = new ArrayList<>();

    /** A move this node ran: which homes' users it began or stopped serving. */
    public record Move(long atMs, MoveKind kind, Set<String> gained, Set<String> lost) {
    }

    final List<Move> moves = new ArrayList<>();

    VirtualNode(String name, int index, VirtualPair pair, SrmParameters params) {
        this.name = name;
        this.index = index;
        this.pair = pair;
        this.params = params;
        served.add(name);
        servedSince.put(name, 0L);
    }

    public String name() {
        return name;
    }

    public ServerRecoveryManager srm() {
        return srm;
    }

    public boolean alive() {
        return srm != null;
    }

    /** Every move this node ran, in time order. */
    public List<Move> moves() {
        return moves;
    }

    /**
     * Before a start: what this node's disk and user store hold, so it starts where a real node
     * left off (the what-if engine copies a live pair this way).
     */
    public void prepare(PersistedState persisted, boolean servesOwn, boolean servesPeer, boolean database) {
        if (alive()) {
            throw new IllegalStateException(name + " is running: prepare it before its start");
        }
        disk = persisted;
        databaseUp = database;
        served.clear();
        String peer = pair.peerOf(this).name;
        if (servesOwn) {
            served.add(name);
        }
        if (servesPeer) {
            served.add(peer);
        }
    }

    public List<Transition> transitions() {
        return transitions;
    }

    public List<SrmCommand.RaiseAlert> alerts() {
        return alerts;
    }

    /** Users this node serves right now: a dead process serves nobody. */
    public Set<String> serving() {
        return alive() ? Set.copyOf(served) : Set.of();
    }

    public PersistedState disk() {
        return disk;
    }

    void start() {
        srm = new ServerRecoveryManager(name, params, haEnabled, pair.strict);
        generation++;
        servicesDown.clear(); // a booting node starts its services
        String peer = pair.peerOf(this).name;
        handle(new SrmEvent.Started(disk, 1_000L * generation + index,
                served.contains(name), served.contains(peer)));
        resyncing = false;
        if (storeBehind) {
            handle(new SrmEvent.StoreResyncChanged(true)); // the agent tells it right after the start
        }
        if (!databaseUp) {
            handle(new SrmEvent.DatabaseDown());
        }
    }

    void kill() {
        for (Set<String> added : uncommittedAdds) {
            served.removeAll(added); // the unfinished move's transaction never committed
        }
        uncommittedAdds.clear();
        srm = null;
        generation++;
        heldMoves.clear();
    }

    /**
     * The node's database is deleted (issue 11): no persisted state, no user store, so it serves
     * nobody at its next start and its store is behind its peer's until a resync. A running node
     * is killed first.
     */
    public void wipeStore() {
        if (alive()) {
            kill();
        }
        disk = null;
        served.clear();
        storeBehind = true;
    }

    public boolean storeBehind() {
        return storeBehind;
    }

    /** How long a resync (FetchStore) takes once this node hears its peer. */
    public void setResyncMs(long ms) {
        resyncMs = ms;
    }

    /** A peer's status while the store is behind starts a resync (FetchStore): it completes if the peer still answers. */
    private void resyncOnHearing(SrmEvent e) {
        VirtualNode peer = pair.peerOf(this);
        // a fetch from an earlier life of the peer failed with it: a new one starts
        if (!storeBehind || (resyncing && resyncFrom == peer.generation) || !(e instanceof SrmEvent.HeartbeatReceived)) {
            return;
        }
        resyncing = true;
        int gen = generation;
        int from = peer.generation;
        resyncFrom = from;
        pair.clock.after(resyncMs, () -> {
            if (gen != generation || from != resyncFrom) {
                return;
            }
            resyncing = false;
            if (peer.alive() && peer.generation == from && !pair.link().partitioned()) {
                storeBehind = false;
                deliver(gen, new SrmEvent.StoreResyncChanged(false));
            }
        });
    }

    /** Hands one event to the SRM and runs what it decides. */
    public Decision handle(SrmEvent e) {
        if (srm == null) {
            throw new IllegalStateException(name + " is not running");
        }
        resyncOnHearing(e);
        Decision d = srm.handle(e, pair.clock.now());
        transitions.addAll(d.transitions());
        for (SrmCommand c : d.commands()) {
            execute(c);
        }
        return d;
    }

    private void execute(SrmCommand c) {
        VirtualNode peer = pair.peerOf(this);
        int gen = generation;
        if (c instanceof SrmCommand.PersistState p) {
            disk = new PersistedState(p.state(), p.reason(), p.sinceMs(), p.servicesStoppedBySrm());
        } else if (c instanceof SrmCommand.SendStatusToPeer s) {
            pair.send(this, new SrmEvent.HeartbeatReceived(s.status()));
        } else if (c instanceof SrmCommand.AnnounceShutdownToPeer a) {
            pair.send(this, new SrmEvent.PeerShutdownAnnounced(a.incarnation()));
        } else if (c instanceof SrmCommand.RequestPeerRecovery) {
            pair.send(this, new SrmEvent.PeerRecoveryRequested());
        } else if (c instanceof SrmCommand.RaiseAlert a) {
            alerts.add(a);
        } else if (c instanceof SrmCommand.StopCriticalServices) {
            for (CriticalService s : CriticalService.values()) {
                if (servicesDown.add(s)) {
                    pair.clock.after(0, () -> deliver(gen, new SrmEvent.CriticalServiceDown(s)));
                }
            }
        } else if (c instanceof SrmCommand.StartCriticalServices) {
            boolean fail = failNextServiceStart;
            failNextServiceStart = false;
            pair.clock.after(startServicesDelayMs, () -> {
                if (fail) {
                    deliver(gen, new SrmEvent.CriticalServicesStartFailed("injected start failure"));
                } else {
                    servicesDown.clear();
                    deliver(gen, new SrmEvent.CriticalServicesStarted());
                }
            });
        } else if (c instanceof SrmCommand.MoveUsers m) {
            move(m.kind(), peer.name, gen);
        }
    }

    private void move(MoveKind kind, String peerName, int gen) {
        Set<String> before = Set.copyOf(served);
        switch (kind) {
            case HAND_OVER -> served.remove(name);
            case GIVE_BACK -> served.remove(peerName);
            case GIVE_ALL -> served.clear();
            case TAKE_OVER -> served.add(peerName);
            case TAKE_BACK -> served.add(name);
            case TAKE_ALL -> served.addAll(Set.of(name, peerName));
            case RESET_TO_HOME -> {
                served.clear();
                served.add(name);
            }
        }
        for (String h : served) {
            if (!before.contains(h)) {
                servedSince.put(h, pair.clock.now());
            }
        }
        Set<String> gained = new HashSet<>(served);
        gained.removeAll(before);
        Set<String> lost = new HashSet<>(before);
        lost.removeAll(served);
        moves.add(new Move(pair.clock.now(), kind, Set.copyOf(gained), Set.copyOf(lost)));
        if (!kind.acquires()) {
            return; // releasing users is a disconnect: nothing to wait for
        }
        Set<String> added = new HashSet<>(served);
        added.removeAll(before);
        uncommittedAdds.add(added);
        boolean fail = failNextMove == kind;
        if (fail) {
            failNextMove = null;
        }
        Runnable finish = () -> {
            if (gen != generation) {
                return;
            }
            uncommittedAdds.remove(added);
            if (fail) {
                served.removeAll(added); // the move's transaction rolled back
                deliver(gen, new SrmEvent.UserMoveFailed(kind, "injected database error"));
            } else {
                deliver(gen, new SrmEvent.UsersMoved(kind, pair.usersOf(added)));
            }
        };
        if (holdMoves) {
            heldMoves.add(() -> pair.clock.after(0, finish));
        } else {
            pair.clock.after(moveDelayMs, finish);
        }
    }

    public void holdMoves(boolean hold) {
        holdMoves = hold;
    }

    public void releaseHeldMoves() {
        holdMoves = false;
        releaseMoves();
    }

    public void failNextMove(MoveKind kind) {
        failNextMove = kind;
    }

    public void failNextServiceStart() {
        failNextServiceStart = true;
    }

    public boolean haEnabled() {
        return haEnabled;
    }

    /** Takes effect at the next start. */
    public void setHaEnabled(boolean enabled) {
        haEnabled = enabled;
    }

    /** Takes effect at the next start. */
    public void setParameters(SrmParameters p) {
        params = p;
    }

    void releaseMoves() {
        List<Runnable> r = new ArrayList<>(heldMoves);
        heldMoves.clear();
        r.forEach(Runnable::run);
    }

    /** Delivers a result to the SRM that asked for it, not to a later incarnation. */
    void deliver(int gen, SrmEvent e) {
        if (srm != null && gen == generation) {
            handle(e);
        }
    }
}
