package dev.tandem.agent.presence.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.PresenceStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {
    private static final GroupNodes GROUP = new GroupNodes("node1", "node2");

    @TempDir
    Path dir;
    private Connection connection;
    private UserStore store;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("agent.db"));
        PresenceStore db = new PresenceStore(connection);
        db.createSchema();
        store = UserStore.open("node1", GROUP, db);
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private long homedOn(String node) {
        return store.all().stream().filter(u -> u.isHomedOn(node)).count();
    }

    @Test
    void balancedSpreadsUsersEvenlyAndEachIsServedAtHome() {
        store.addUsers(List.of("a", "b", "c", "d", "e"));

        assertThat(homedOn("node1")).isEqualTo(3);
        assertThat(homedOn("node2")).isEqualTo(2);
        assertThat(store.all()).allMatch(u -> u.servingNode().equals(u.homeNode()));
    }

    @Test
    void activeStandbyPlacesEveryoneOnTheFirstNodeAndBalancedRePlacesHalf() {
        store.addUsers(List.of("a", "b", "c", "d"));
        store.setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
        assertThat(homedOn("node1")).isEqualTo(4);
        store.addUser("e");
        assertThat(store.find("e").orElseThrow().homeNode()).isEqualTo("node1");

        List<UserRecord> moved = store.setAssignmentMode(UserAssignmentMode.BALANCED);

        assertThat(moved).hasSize(2);
        assertThat(homedOn("node1")).isEqualTo(3);
        assertThat(homedOn("node2")).isEqualTo(2);
        assertThat(store.all()).allMatch(u -> u.servingNode().equals(u.homeNode()));
    }

    @Test
    void noneUnassignsEveryoneAndNewUsersStayUnassigned() {
        store.addUsers(List.of("a", "b"));
        store.setAssignmentMode(UserAssignmentMode.NONE);
        store.addUser("c");

        assertThat(store.all()).allMatch(u -> u.homeNode() == null && u.servingNode() == null);
        store.setAssignmentMode(UserAssignmentMode.BALANCED);
        assertThat(homedOn("node1")).isEqualTo(2);
        assertThat(homedOn("node2")).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        store.addUser("a");
        List<UserChange> seen = new ArrayList<>();
        store.addListener((c, o) -> seen.add(c));

        assertThatThrownBy(() -> store.addUsers(List.of("b", "bad id"))).isInstanceOf(InvalidUserException.class)
                .hasMessageContaining("'bad id' is not a user id");
        assertThatThrownBy(() -> store.addUsers(List.of("c", "a"))).hasMessageContaining("'a' already exists");
        assertThatThrownBy(() -> store.removeUser("nobody")).hasMessageContaining("no user 'nobody'");
        assertThatThrownBy(() -> store.setAssignmentMode(null)).hasMessageContaining("assignment mode is required");

        assertThat(store.all()).extracting(UserRecord::userId).containsExactly("a");
        assertThat(seen).isEmpty();
    }

    @Test
    void addGateRefusesAddsAndReplacementWithTheReasonGiven() {
        store.setAddUsersAllowed(false, "node1 is Failing Over: no user can be added during failover");

        assertThatThrownBy(() -> store.addUser("a")).isInstanceOf(UserChangeRefusedException.class)
                .hasMessageContaining("node1 is Failing Over");
        assertThatThrownBy(() -> store.setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY))
                .isInstanceOf(UserChangeRefusedException.class);
        assertThat(store.size()).isZero();

        store.setAddUsersAllowed(true, null);
        store.addUser("a");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        store.addUsers(List.of("a", "b", "c"));
        store.setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
        store.setRoster("a", "b", true);
        String before = store.all().stream().sorted(java.util.Comparator.comparing(UserRecord::userId))
                .map(Object::toString).collect(Collectors.joining());
        connection.close();

        open();

        assertThat(store.assignmentMode()).isEqualTo(UserAssignmentMode.ACTIVE_STANDBY);
        assertThat(store.rosterOf("a")).containsExactly("b");
        assertThat(store.all().stream().sorted(java.util.Comparator.comparing(UserRecord::userId))
                .map(Object::toString).collect(Collectors.joining())).isEqualTo(before);
    }

    @Test
    void replicatedChangesApplyAndAreNotSentBack() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            PresenceStore otherDb = new PresenceStore(other);
            otherDb.createSchema();
            UserStore peer = UserStore.open("node2", GROUP, otherDb);
            List<UserChange.Origin> origins = new ArrayList<>();
            peer.addListener((c, o) -> origins.add(o));
            store.addListener((c, o) -> {
                if (o == UserChange.Origin.LOCAL) {
                    peer.applyReplicated(c);
                }
            });

            store.addUsers(List.of("a", "b"));
            store.setRoster("a", "b", true);
            store.removeUser("b");

            assertThat(peer.all()).containsExactlyInAnyOrderElementsOf(store.all());
            assertThat(peer.rosterOf("a")).isEmpty();
            assertThat(origins).containsOnly(UserChange.Origin.REPLICATED);
        }
    }

    @Test
    void theVersionChangesWithEveryUserRecordChangeAndOnlyThen() throws Exception {
        long start = store.version();
        store.addUsers(List.of("a", "b"));
        long added = store.version();
        assertThat(added).isNotEqualTo(start);

        store.setRoster("a", "b", true); // no user record changes: readers' derived figures stay valid
        store.find("a");
        store.all();
        assertThat(store.version()).isEqualTo(added);

        store.move(dev.tandem.agent.srm.MoveKind.TAKE_ALL, u -> true, u -> "node1");
        long moved = store.version();
        assertThat(moved).isNotEqualTo(added);

        store.removeUser("b");
        assertThat(store.version()).isNotEqualTo(moved);
    }

    @Test
    void theDigestsExtrasFollowTheRosterAndSecretsWhateverTheOrder() throws Exception {
        store.addUsers(List.of("a", "b", "c"));
        long empty = store.digest().extras();
        assertThat(empty).as("never 0: 0 means not sent").isNotZero();
        store.setRoster("a", "b", true);
        store.setRoster("b", "c", true);
        store.setSecretHash("c", "pbkdf2$1$c2FsdA==$aGFzaA==");
        long full = store.digest().extras();
        assertThat(full).isNotEqualTo(empty);

        Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("other.db"));
        try {
            PresenceStore db = new PresenceStore(other);
            db.createSchema();
            UserStore second = UserStore.open("node2", GROUP, db);
            second.addUsers(List.of("c", "b", "a"));
            second.setSecretHash("c", "pbkdf2$1$c2FsdA==$aGFzaA==");
            second.setRoster("b", "c", true);
            second.setRoster("a", "b", true);
            assertThat(second.digest().extras()).as("the same entries in another order").isEqualTo(full);
        } finally {
            other.close();
        }

        store.removeUser("b"); // takes both entries with it
        store.setSecretHash("c", "pbkdf2$1$c2FsdA==$b3RoZXI=");
        store.setSecretHash("c", "pbkdf2$1$c2FsdA==$aGFzaA==");
        UserStore reopened = UserStore.open("node1", GROUP, new PresenceStore(connection));
        assertThat(reopened.digest().extras()).isEqualTo(store.digest().extras());
        store.removeUser("c");
        assertThat(store.digest().extras()).as("back to no roster and no secrets").isEqualTo(empty);
    }

    @Test
    void aReplicatedRosterEntryOrSecretOfAUserRemovedHereIsNotApplied() {
        store.addUsers(List.of("a", "b"));
        long before = store.digest().extras();
        store.applyReplicated(new UserChange.RosterChanged("a", "gone", true));
        store.applyReplicated(new UserChange.SecretSet("gone", "pbkdf2$1$c2FsdA==$aGFzaA=="));
        assertThat(store.rosterOf("a")).isEmpty();
        assertThat(store.secretHash("gone")).isEmpty();
        assertThat(store.digest().extras()).isEqualTo(before);
    }

    @Test
    void rosterEntriesAndSecretsOfNoStoredUserAreDroppedWhenTheStoreOpens() throws Exception {
        store.addUsers(List.of("a", "b"));
        PresenceStore db = new PresenceStore(connection);
        db.setRoster(new dev.tandem.agent.presence.store.RosterEntry("a", "ghost"), true); // as an older agent could leave
        db.setSecret("ghost", "pbkdf2$1$c2FsdA==$aGFzaA==");

        UserStore reopened = UserStore.open("node1", GROUP, db);

        assertThat(reopened.rosterOf("a")).isEmpty();
        assertThat(reopened.secretHash("ghost")).isEmpty();
        assertThat(reopened.digest()).isEqualTo(store.digest());
        assertThat(db.loadRoster()).isEmpty();
        assertThat(db.loadSecrets()).doesNotContainKey("ghost");
    }
}
