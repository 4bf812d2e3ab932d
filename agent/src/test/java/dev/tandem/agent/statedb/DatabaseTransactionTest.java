package dev.tandem.agent.statedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed transaction leaves nothing behind on the shared connection, whatever it threw. */
class DatabaseTransactionTest {

    private static void insertConfig(java.sql.Connection c, String key) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)")) {
            p.setString(1, key);
            p.setBytes(2, new byte[] {1});
            p.executeUpdate();
        }
    }

    @Test
    void aRuntimeExceptionRollsBackAndTheNextCommitDoesNotCarryTheHalfWrite(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.inTransaction(c -> {
                insertConfig(c, "half");
                throw new IllegalArgumentException("boom after the first write");
            })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boom");

            // the next transaction on the same connection commits only its own write
            db.putConfig("next", new byte[] {2});
            assertThat(db.getConfig("half")).isEmpty();
            assertThat(db.getConfig("next")).isPresent();
        }
    }

    @Test
    void anErrorRollsBackToo(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.inTransaction(c -> {
                insertConfig(c, "half");
                throw new AssertionError("an error, not an exception");
            })).isInstanceOf(AssertionError.class);
            db.putConfig("next", new byte[] {2});
            assertThat(db.getConfig("half")).isEmpty();
        }
    }

    @Test
    void anSqlErrorRollsBackAndIsReportedAsADatabaseError(@TempDir Path dir) {
        try (Database db = Database.open(dir)) {
            assertThatThrownBy(() -> db.inTransaction(c -> {
                insertConfig(c, "half");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO no_such_table VALUES (1)")) {
                    p.executeUpdate();
                }
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("database error");
            db.putConfig("next", new byte[] {2});
            assertThat(db.getConfig("half")).isEmpty();
        }
    }
}
