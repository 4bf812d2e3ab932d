package dev.tandem.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.statedb.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command type has a handler, and one failing command does not cost the rest of a decision. */
class CommandRunnerTest {

    private static CommandRunner runner(Database db) {
        return new CommandRunner("node1", () -> 1000, db, null, null, null, 0, new EventLog("node1", () -> 1000, db),
                () -> SrmParameters.defaults(), s -> {
                    throw new IllegalStateException("the peer link is down");
                }, e -> { });
    }

    @Test
    void everyPermittedCommandTypeHasAHandler(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            CommandRunner r = runner(db);
            Set<Class<?>> handled = Set.copyOf(r.handledTypes());
            assertThat(handled).isEqualTo(Set.of(SrmCommand.class.getPermittedSubclasses()));
            r.stop();
        }
    }

    @Test
    void aFailingCommandIsReportedAndTheStateIsStillSaved(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            CommandRunner r = runner(db);
            NodeState state = NodeState.values()[1];
            Reason reason = Reason.values()[1];
            List<String> failures = r.runAll(List.of(new SrmCommand.SendStatusToPeer(null),
                    new SrmCommand.PersistState(state, reason, 42, false)));

            assertThat(failures).singleElement().asString().contains("SendStatusToPeer").contains("peer link is down");
            assertThat(db.loadState()).contains(new PersistedState(state, reason, 42, false));
            r.stop();
        }
    }

    /**
     * Issue 11: a decision whose state write failed (the store read-only, full, failing) is written
     * once the store works again, so a restart after that resumes the state the SRM is in.
     */
    @Test
    void aStateThatCouldNotBeWrittenIsWrittenWhenTheStoreWorksAgain(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir)) {
            CommandRunner r = runner(db);
            r.runAll(List.of(new SrmCommand.PersistState(NodeState.NORMAL, Reason.NORMAL, 1, false)));
            SrmCommand.PersistState failedOver = new SrmCommand.PersistState(NodeState.FAILED_OVER, Reason.DATABASE_FAILURE,
                    2, true);
            readOnly(db, true); // a real write failure of SQLite (SQLITE_READONLY)
            assertThat(r.runAll(List.of(failedOver))).singleElement().asString().contains("PersistState");
            assertThat(db.loadState()).as("on disk: the state before").contains(
                    new PersistedState(NodeState.NORMAL, Reason.NORMAL, 1, false));
            assertThat(r.unsavedState()).isEqualTo(failedOver);
            assertThat(r.rewriteUnsavedState()).as("still read-only: kept for later").isFalse();
            assertThat(r.unsavedState()).isEqualTo(failedOver);

            readOnly(db, false);
            assertThat(r.rewriteUnsavedState()).isTrue();
            assertThat(db.loadState()).contains(new PersistedState(NodeState.FAILED_OVER, Reason.DATABASE_FAILURE, 2, true));
            assertThat(r.unsavedState()).isNull();
            assertThat(r.rewriteUnsavedState()).as("nothing left to write").isFalse();
            r.stop();
        }
    }

    @Test
    void aLaterStateWrittenReplacesTheOneThatFailed(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir)) {
            CommandRunner r = runner(db);
            readOnly(db, true);
            r.runAll(List.of(new SrmCommand.PersistState(NodeState.FAILED_OVER, Reason.DATABASE_FAILURE, 2, true)));
            readOnly(db, false);
            r.runAll(List.of(new SrmCommand.PersistState(NodeState.IDLE, Reason.ON_ADMIN_REQUEST, 3, true)));
            assertThat(r.unsavedState()).isNull();
            assertThat(r.rewriteUnsavedState()).isFalse();
            assertThat(db.loadState()).contains(new PersistedState(NodeState.IDLE, Reason.ON_ADMIN_REQUEST, 3, true));
            r.stop();
        }
    }

    private static void readOnly(Database db, boolean on) throws Exception {
        synchronized (db.connection()) {
            try (var s = db.connection().createStatement()) {
                s.execute("PRAGMA query_only = " + (on ? 1 : 0));
            }
        }
    }

    @Test
    void aSingleFailingCommandThrows(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            CommandRunner r = runner(db);
            assertThatThrownBy(() -> r.run(new SrmCommand.SendStatusToPeer(null)))
                    .hasMessageContaining("peer link is down");
            r.stop();
        }
    }
}
