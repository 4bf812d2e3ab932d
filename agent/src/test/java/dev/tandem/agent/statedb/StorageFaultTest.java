package dev.tandem.agent.statedb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full store with real SQLite (its page limit at the file's size: every growing write fails
 * with SQLITE_FULL, as on a full disk). Issue 11 saw the connection broken for good once space
 * returned ("cannot commit - no transaction is active"); here it recovers by itself, a failed
 * write commits nothing, and the health says so once each way.
 */
class StorageFaultTest {
    @TempDir
    Path dir;
    private Database db;

    @AfterEach
    void close() {
        db.close();
    }

    private static String big(char c) {
        return String.valueOf(c).repeat(1000);
    }

    @Test
    void aFullStoreFailsWritesWholeAndRecoversByItselfWhenSpaceReturns() {
        db = Database.open(dir);
        List<Optional<String>> heard = new ArrayList<>();
        db.storage().listen(heard::add);
        long pages = db.limitPagesForTest(0);
        db.limitPagesForTest(pages + 2);

        int written = 0;
        RuntimeException full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            try {
                db.audit(i, big('a'), "Failover", "node-a", big('r'));
                written++;
            } catch (RuntimeException e) {
                full = e;
            }
        }
        assertThat(full).as("the store fills up").isNotNull();
        assertThat(full.getMessage()).contains("SQLITE_FULL");
        assertThat(db.storage().problem()).hasValueSatisfying(p -> assertThat(p).contains("SQLITE_FULL"));
        assertThat(db.auditLog()).as("the failed write committed nothing").hasSize(written);
        int before = written;
        assertThatThrownBy(() -> db.audit(0, big('b'), "Fallback", "node-a", big('r'))).hasMessageContaining("SQLITE_FULL");

        assertThatThrownBy(() -> db.probeWrite(1)).as("no room yet").hasMessageContaining("room");
        assertThat(db.storage().problem()).isPresent();
        db.limitPagesForTest(0); // the disk has space again
        db.audit(1, "operator", "Fallback", "node-a", "accepted"); // the connection works: no 'no transaction is active'
        assertThat(db.auditLog()).hasSize(before + 1);
        assertThat(db.storage().problem()).as("only a probe clears the failure").isPresent();
        db.probeWrite(2);
        assertThat(db.storage().problem()).isEmpty();
        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).isPresent();
        assertThat(heard.get(1)).isEmpty();
    }

    @Test
    void aProbeWriteTellsWhenTheStoreCanBeWrittenAgain() {
        db = Database.open(dir);
        long pages = db.limitPagesForTest(0);
        db.limitPagesForTest(pages);
        for (int i = 0; i < 50 && db.storage().problem().isEmpty(); i++) {
            try {
                db.audit(i, big('a'), "x", "y", big('z'));
            } catch (RuntimeException expected) {
                // until full
            }
        }
        assertThat(db.storage().problem()).isPresent();
        db.limitPagesForTest(0);
        db.probeWrite(42);
        assertThat(db.storage().problem()).isEmpty();
    }
}
