package dev.tandem.agent.runtime;

import dev.tandem.agent.critical.EmulatedDatabase;
import dev.tandem.agent.statedb.Database;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * While the agent's store is failed, a tiny write every second on the SRM thread: when the store
 * has room again it succeeds and the store's health listener clears the Database Failure, so a
 * full disk that got its space back needs no restart (issue 11).
 */
final class StorageProbe {
    /** How often a failed store is tried. */
    static final long EVERY_MS = 1000;

    private final SrmActor actor;
    private final Database db;
    private final EmulatedDatabase database;
    private final LongSupplier clock;
    private final BooleanSupplier stopping;
    private boolean scheduled;

    StorageProbe(SrmActor actor, Database db, EmulatedDatabase database, LongSupplier clock, BooleanSupplier stopping) {
        this.actor = actor;
        this.db = db;
        this.database = database;
        this.clock = clock;
        this.stopping = stopping;
    }

    /** Probes until the store heals; a second call while probing changes nothing. SRM thread. */
    void start() {
        actor.assertOnActor();
        if (!scheduled) {
            scheduled = true;
            actor.schedule(this::probe, EVERY_MS);
        }
    }

    private void probe() {
        scheduled = false;
        if (database.storageProblem().isEmpty() || stopping.getAsBoolean()) {
            return;
        }
        try {
            db.probeWrite(clock.getAsLong()); // success reports through the store's health listener
        } catch (RuntimeException stillFailing) {
            start();
        }
    }
}
