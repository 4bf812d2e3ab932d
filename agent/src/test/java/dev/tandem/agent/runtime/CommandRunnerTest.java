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
