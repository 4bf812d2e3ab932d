package dev.tandem.agent.presence.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.PresenceStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The removals a store keeps (issue 11): the newest N, planned before the database write, migrated into old stores. */
class TombstonesTest {
    private static final GroupNodes GROUP = new GroupNodes("node-a", "node-b");

    @TempDir
    Path dir;
    private final List<Connection> connections = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    private Connection connect(String file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
        connections.add(c);
        return c;
    }

    private UserStore store(String file, int max) throws Exception {
        PresenceStore db = new PresenceStore(connect(file));
        db.createSchema();
        return UserStore.open("node-a", GROUP, db, max);
    }

    @Test
    void onlyTheNewestAreKeptAndANewerOneReplacesAnOlder() {
        Tombstones t = new Tombstones(3);
        t.apply(t.plan(Map.of("a", 2L, "b", 4L, "c", 6L), List.of()));
        Tombstones.Plan p = t.plan(Map.of("d", 8L), List.of());
        assertThat(p.set()).containsOnlyKeys("d");
        assertThat(p.cleared()).as("the oldest goes").containsExactly("a");
        t.apply(p);
        assertThat(t.copy()).isEqualTo(Map.of("b", 4L, "c", 6L, "d", 8L));

        // an older one than all kept is not taken (it would be the first to go)
        Tombstones.Plan older = t.plan(Map.of("e", 1L), List.of());
        assertThat(older.isEmpty()).isTrue();
        // a newer removal of a kept user replaces it, whatever the bound
        t.apply(t.plan(Map.of("b", 10L), List.of()));
        assertThat(t.copy()).isEqualTo(Map.of("b", 10L, "c", 6L, "d", 8L));
        assertThat(t.plan(Map.of("c", 5L), List.of()).isEmpty()).as("an older removal of a kept user").isTrue();
        assertThat(t.newest()).isEqualTo(10);

        // clearing makes room: nothing else goes
        Tombstones.Plan cleared = t.plan(Map.of("f", 12L), List.of("c"));
        assertThat(cleared.cleared()).isEqualTo(Set.of("c"));
        t.apply(cleared);
        assertThat(t.copy()).isEqualTo(Map.of("b", 10L, "d", 8L, "f", 12L));
        assertThatThrownBy(() -> new Tombstones(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStoreKeepsTheNewestRemovalsInTheDatabaseAndItsClockWithThem() throws Exception {
        UserStore s = store("a.db", 3);
        s.addUsers(List.of("u1", "u2", "u3", "u4", "u5", "u6"));
        for (String id : List.of("u1", "u2", "u3", "u4", "u5")) {
            s.removeUser(id);
        }
        Map<String, Long> kept = s.tombstones();
        assertThat(kept).containsOnlyKeys("u3", "u4", "u5");
        long clock = s.clock();
        assertThat(clock).isEqualTo(kept.get("u5"));

        UserStore reopened = store("a.db", 3);
        assertThat(reopened.tombstones()).isEqualTo(kept);
        assertThat(reopened.clock()).as("the newest removal is kept, so the clock is too").isEqualTo(clock);
        reopened.removeUser("u6");
        assertThat(reopened.tombstones().get("u6")).isGreaterThan(clock);
        assertThat(reopened.tombstones()).containsOnlyKeys("u4", "u5", "u6");
    }

    @Test
    void aDatabaseWrittenBeforeTombstonesGetsTheTableAndWorks() throws Exception {
        Connection c = connect("old.db");
        try (Statement s = c.createStatement()) { // the schema as it was before removals were versioned
            s.execute("CREATE TABLE presence_user (user_id TEXT PRIMARY KEY, home_node TEXT, serving_node TEXT,"
                    + " version INTEGER NOT NULL DEFAULT 0)");
            s.execute("INSERT INTO presence_user VALUES ('u1', 'node-a', 'node-a', 6), ('u2', 'node-b', 'node-b', 6)");
        }
        UserStore s = store("old.db", 10);
        assertThat(s.tombstones()).isEmpty();
        assertThat(s.clock()).isEqualTo(6);
        s.removeUser("u1");
        assertThat(store("old.db", 10).tombstones()).isEqualTo(Map.of("u1", 8L));
    }
}
