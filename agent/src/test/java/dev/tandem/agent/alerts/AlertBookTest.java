package dev.tandem.agent.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's alert list: severity, de-duplication, clearing, the first acknowledgement, durability. */
class AlertBookTest {
    @TempDir
    Path dir;

    private final AtomicLong wall = new AtomicLong(1_000_000);

    @Test
    void raisedWithSeverityAndClearedOnce() {
        try (Database db = Database.open(dir)) {
            AlertBook book = new AlertBook("node-a", wall::get, db);
            AlertRecord a = book.raise(AlertType.CRITICAL_SERVICE_DOWN, "SYNC_AGENT", "Cisco Sync Agent went down");
            assertThat(a.severity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
            assertThat(a.active()).isTrue();
            assertThat(book.raise(AlertType.CRITICAL_SERVICE_DOWN, "SYNC_AGENT", "Cisco Sync Agent went down"))
                    .as("a repeat while active adds nothing").isEqualTo(a);

            wall.addAndGet(5_000);
            book.clearWhere(x -> Optional.of("Cisco Sync Agent runs again"));
            AlertRecord cleared = book.list(false).get(0);
            assertThat(cleared.clearedAtMs()).isEqualTo(1_005_000);
            assertThat(cleared.clearedBecause()).isEqualTo("Cisco Sync Agent runs again");
            assertThat(book.list(true)).isEmpty();

            AlertRecord again = book.raise(AlertType.CRITICAL_SERVICE_DOWN, "SYNC_AGENT", "Cisco Sync Agent went down");
            assertThat(again.id()).as("down again after it cleared: a new alert").isGreaterThan(a.id());
        }
    }

    @Test
    void theFirstAcknowledgementStandsAndEverythingSurvivesARestart() {
        long id;
        try (Database db = Database.open(dir)) {
            AlertBook book = new AlertBook("node-a", wall::get, db);
            book.raise(AlertType.MAINTENANCE_MODE, "", "maintenance mode on");
            wall.addAndGet(10);
            id = book.raise(AlertType.SRM_FAILOVER, "", "automatic failover of node-a to node-b").id();
            wall.addAndGet(10);
            assertThat(book.acknowledge(id, "alice[operator]@127.0.0.1:5000")).get()
                    .extracting(AlertRecord::ackBy).isEqualTo("alice[operator]@127.0.0.1:5000");
            wall.addAndGet(10);
            assertThat(book.acknowledge(id, "bob[admin]@127.0.0.1:5001").orElseThrow().ackBy())
                    .as("the first acknowledgement stands").startsWith("alice");
            assertThat(book.acknowledge(999, "bob")).isEmpty();
        }
        try (Database db = Database.open(dir)) {
            AlertBook reopened = new AlertBook("node-a", wall::get, db);
            List<AlertRecord> all = reopened.list(false);
            assertThat(all).extracting(AlertRecord::type)
                    .containsExactly(AlertType.MAINTENANCE_MODE, AlertType.SRM_FAILOVER);
            AlertRecord failover = all.get(1);
            assertThat(failover.id()).isEqualTo(id);
            assertThat(failover.ackBy()).startsWith("alice");
            assertThat(failover.ackAtMs()).isEqualTo(1_000_020);
            assertThat(failover.severity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_WARNING);
        }
    }

    @Test
    void aFollowerGetsTheListInTimeOrderThenEachChange() {
        try (Database db = Database.open(dir)) {
            AlertBook book = new AlertBook("node-a", wall::get, db);
            book.raise(AlertType.PE_PEER_NODE_FAILURE, "", "no heartbeat from the peer");
            List<String> seen = new ArrayList<>();
            book.listAndFollow(a -> seen.add(a.id() + (a.acknowledged() ? " ack" : "") + (a.active() ? "" : " cleared")));
            long second = book.raise(AlertType.SRM_FAILOVER, "", "node-b takes every user").id();
            book.acknowledge(second, "carol");
            book.clear(AlertType.PE_PEER_NODE_FAILURE, "node-b answers again");
            assertThat(seen).containsExactly("1", "2", "2 ack", "1 cleared");
        }
    }

    @Test
    void onlyTheNewestKeptAreKeptButActiveOnesNeverGo() {
        try (Database db = Database.open(dir)) {
            AlertBook book = new AlertBook("node-a", wall::get, db);
            book.raise(AlertType.SRM_FAILED, "", "still failed");
            for (int i = 0; i < AlertStore.KEPT + 5; i++) {
                wall.incrementAndGet();
                book.raise(AlertType.MAINTENANCE_MODE, "", "maintenance " + i);
                book.clear(AlertType.MAINTENANCE_MODE, "off");
            }
            assertThat(book.list(false)).hasSizeLessThanOrEqualTo(AlertStore.KEPT + 1)
                    .anyMatch(a -> a.type() == AlertType.SRM_FAILED && a.active());
            assertThat(new AlertBook("node-a", wall::get, db).list(false)).hasSameSizeAs(book.list(false));
        }
    }
}
