package dev.tandem.agent.runtime;

import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.presence.MoveReport;
import dev.tandem.agent.presence.UserMoves;
import dev.tandem.agent.critical.CriticalServices;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.statedb.Database;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the commands of one SRM decision: persisting and peer messages at once on the SRM
 * thread, critical services and user moves on worker threads whose results come back as
 * events. One table maps every {@link SrmCommand} type to its handler (Java 17 has no
 * pattern switch); a type missing from it throws, and a test checks the table covers every
 * permitted type, so a new command cannot be silently ignored.
 */
final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

    private final String self;
    private final LongSupplier clock;
    private final Database db;
    private final PeerLink link;
    private final CriticalServices services;
    private final UserMoves moves;
    private final long moveDelayMs;
    private final EventLog events;
    private final Supplier<SrmParameters> parameters;
    private final Consumer<PeerStatus> sendStatus;
    private final Consumer<SrmEvent> post;
    /** Stops and starts of the critical services, one at a time in the order decided (a stop must not overtake a start). */
    private final ExecutorService serviceCommands;
    private final ExecutorService mover;
    private final Map<Class<? extends SrmCommand>, Consumer<SrmCommand>> handlers = new LinkedHashMap<>();
    /** The last SRM state write that failed, until one succeeds (SRM thread). */
    private SrmCommand.PersistState unsaved;

    CommandRunner(String self, LongSupplier clock, Database db, PeerLink link, CriticalServices services,
                  UserMoves moves, long moveDelayMs, EventLog events, Supplier<SrmParameters> parameters,
                  Consumer<PeerStatus> sendStatus, Consumer<SrmEvent> post) {
        this.self = self;
        this.clock = clock;
        this.db = db;
        this.link = link;
        this.services = services;
        this.moves = moves;
        this.moveDelayMs = moveDelayMs;
        this.events = events;
        this.parameters = parameters;
        this.sendStatus = sendStatus;
        this.post = post;
        this.mover = Executors.newSingleThreadExecutor(r -> daemon(r, "user-moves-" + self));
        this.serviceCommands = Executors.newSingleThreadExecutor(r -> daemon(r, "critical-services-" + self));
        on(SrmCommand.PersistState.class, this::persist);
        on(SrmCommand.SendStatusToPeer.class, s -> sendStatus.accept(s.status()));
        on(SrmCommand.AnnounceShutdownToPeer.class, a -> link.announceShutdown(a.incarnation()));
        on(SrmCommand.RequestPeerRecovery.class, r -> link.requestRecovery(self));
        on(SrmCommand.RaiseAlert.class, a -> {
            log.warn("{}: alert {}: {}", self, a.type().vendorName(), a.text());
            events.note("ALERT", a.text(), a.type().name(), "RaiseAlert");
        });
        on(SrmCommand.StopCriticalServices.class, s -> stopServices());
        on(SrmCommand.StartCriticalServices.class, s -> startServices());
        on(SrmCommand.MoveUsers.class, m -> mover.execute(() -> move(m.kind())));
    }

    /**
     * Writes the SRM's state; one that cannot be written (the store failed) is kept, so it is
     * written once the store works again: a restart after that resumes the state the SRM is in,
     * not the one before the failure (issue 11). A later write that succeeds replaces it.
     */
    private void persist(SrmCommand.PersistState p) {
        try {
            db.saveState(p.state(), p.reason(), p.sinceMs(), p.servicesStoppedBySrm(), clock.getAsLong());
            unsaved = null;
        } catch (RuntimeException e) {
            unsaved = p;
            throw e;
        }
    }

    /**
     * The store works again: writes the SRM state whose write failed, if any, with an event; true
     * when it did. While the store still fails it stays kept for the next recovery. SRM thread.
     */
    boolean rewriteUnsavedState() {
        SrmCommand.PersistState p = unsaved;
        if (p == null) {
            return false;
        }
        try {
            persist(p);
        } catch (RuntimeException stillFailing) {
            log.warn("{}: the SRM state still cannot be written: {}", self, stillFailing.getMessage());
            return false;
        }
        String text = "the SRM state of " + self + " (" + p.state().label() + ", " + p.reason().label()
                + ") that could not be written while its store failed is written now";
        log.info("{}: {}", self, text);
        events.note("STATE_SAVED", text, "", "StorageRecovered");
        return true;
    }

    /** The SRM state write that failed and is not written yet (tests). */
    SrmCommand.PersistState unsavedState() {
        return unsaved;
    }

    private <C extends SrmCommand> void on(Class<C> type, Consumer<C> handler) {
        handlers.put(type, c -> handler.accept(type.cast(c)));
    }

    /** The command types this runner handles (a test compares them with SrmCommand's permitted types). */
    Set<Class<? extends SrmCommand>> handledTypes() {
        return handlers.keySet();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Runs every command of a decision in order. One that throws is logged and the rest still
     * run (a failed peer send must not cost the state saving); the failures are returned.
     */
    List<String> runAll(List<SrmCommand> commands) {
        List<String> failures = new ArrayList<>();
        for (SrmCommand c : commands) {
            try {
                run(c);
            } catch (RuntimeException | Error e) {
                log.error("{}: command {} failed; the remaining commands of the decision still run", self, c, e);
                failures.add(c + ": " + e);
            }
        }
        return failures;
    }

    void run(SrmCommand c) {
        Consumer<SrmCommand> h = handlers.get(c.getClass());
        if (h == null) {
            throw new IllegalStateException("no handler for SRM command " + c.getClass().getSimpleName());
        }
        h.accept(c);
    }

    private Set<CriticalService> monitored() {
        Set<CriticalService> s = EnumSet.noneOf(CriticalService.class);
        for (CriticalService c : CriticalService.values()) {
            if (c.isMonitored(parameters.get())) {
                s.add(c);
            }
        }
        return s;
    }

    private void stopServices() {
        Set<CriticalService> which = monitored();
        serviceCommands.execute(() -> {
            List<String> errors = services.stopAll(which);
            if (!errors.isEmpty()) {
                log.warn("{}: stopping critical services: {}", self, errors);
            }
        });
    }

    private void startServices() {
        Set<CriticalService> which = monitored();
        serviceCommands.execute(() -> {
            List<String> errors = services.startAll(which);
            post.accept(errors.isEmpty() ? new SrmEvent.CriticalServicesStarted()
                    : new SrmEvent.CriticalServicesStartFailed(String.join("; ", errors)));
        });
    }

    /** One move, one transaction (UserMoves.move); on the move thread. */
    private void move(MoveKind kind) {
        try {
            if (moveDelayMs > 0) {
                Thread.sleep(moveDelayMs); // the configured users.move-delay (watchable M2/M4), not a wait for a condition
            }
            MoveReport r = moves.move(kind);
            log.info("{}: users moved ({}): {}", self, kind, r.usersMoved());
            post.accept(new SrmEvent.UsersMoved(kind, r.usersMoved()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // an Error too: a move that dies silently would leave the SRM in a transitional state forever
            log.warn("{}: moving users ({}) failed: {}", self, kind, e.toString());
            post.accept(new SrmEvent.UserMoveFailed(kind, String.valueOf(e.getMessage())));
        }
    }

    void stop() {
        mover.shutdownNow();
        serviceCommands.shutdownNow();
    }
}
