package dev.tandem.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.StoreDigest;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.srm.MoveKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store convergence (issue 11): who re-synchronises from whom, and when. Fetches run on the test's thread. */
class StoreSyncTest {
    private static final GroupNodes GROUP = new GroupNodes("node-a", "node-b");

    @TempDir
    Path dir;
    private final List<Connection> connections = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> notes = new ArrayList<>();
    private final List<StoreSync> sendBacks = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
    }

    private UserStore store(String node, String file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(file));
        connections.add(c);
        PresenceStore db = new PresenceStore(c);
        db.createSchema();
        return UserStore.open(node, GROUP, db);
    }

    private StoreSync sync(UserStore mine, UserStore peers, int pending) {
        StoreSync s = new StoreSync(mine.self(), peers.self(), mine.self().equals("node-a"), mine, () -> pending, () -> {
            fetches.incrementAndGet();
            return peers.snapshot();
        }, 1000, Runnable::run);
        s.onNote(notes::add);
        s.onSendBack(peers::applyReplicated); // as replication would deliver it
        sendBacks.add(s);
        return s;
    }

    private static dev.tandem.proto.peer.v1.StoreDigest digest(UserStore s, boolean fresh, int pending) {
        StoreDigest d = s.digest();
        return dev.tandem.proto.peer.v1.StoreDigest.newBuilder().setUsers(d.users()).setDigest(d.digest())
                .setClock(d.clock()).setExtras(d.extras()).setFresh(fresh).setPending(pending).build();
    }

    private static List<String> dump(UserStore s) {
        return s.all().stream().sorted(Comparator.comparing(UserRecord::userId))
                .map(u -> u.userId() + " " + u.homeNode() + " " + u.servingNode() + " v" + u.version()).toList();
    }

    @Test
    void aStoreEmptyAtStartTakesItsPeersAtTheFirstHeartbeatWithoutWaiting() throws Exception {
        UserStore a = store("node-a", "a.db");
        a.addUsers(List.of("u1", "u2", "u3"));
        a.setRoster("u1", "u2", true);
        a.setSecretHash("u3", "pbkdf2$1$c2FsdA==$aGFzaA==");
        UserStore b = store("node-b", "b.db"); // its database was deleted
        StoreSync sb = sync(b, a, 0);
        assertThat(sb.fresh()).isTrue();

        sb.observe(digest(a, false, 5), 0); // even with the peer's queue not drained

        assertThat(fetches).hasValue(1);
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(b.rosterOf("u1")).containsExactly("u2");
        assertThat(b.secretHash("u3")).contains("pbkdf2$1$c2FsdA==$aGFzaA==");
        assertThat(sb.fresh()).isFalse();
        assertThat(sb.resyncs()).isEqualTo(1);
        assertThat(notes).anyMatch(n -> n.contains("node-b re-synchronises from node-a (node-b started with an empty store)"))
                .anyMatch(n -> n.startsWith("node-b took the user store of node-a: 3 record(s) changed, 3 users now"));
        assertThat(sb.problem()).as("until the next heartbeat shows both equal").isNotEmpty();
        sb.observe(digest(a, false, 0), 10);
        assertThat(sb.problem()).isEmpty();
    }

    @Test
    void drainedStoresThatDifferForTheConfirmTimeResyncTheOneWithTheOlderWrites() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        a.move(MoveKind.HAND_OVER, u -> u.isHomedOn("node-a"), u -> "node-b"); // never replicated: a lost queue
        // node-b only saw the add (replicated), not the move
        b.applyReplicated(new UserChange.Added(a.all().stream().map(u -> new UserRecord(u.userId(), u.homeNode(),
                u.homeNode(), 2)).toList()));
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);
        sa.observe(digest(b, false, 0), 0);
        sb.observe(digest(a, false, 0), 0);
        sa.observe(digest(b, false, 0), 500);
        sb.observe(digest(a, false, 0), 500);
        assertThat(fetches).as("not before the confirm time").hasValue(0);
        assertThat(sa.problem()).isEmpty();

        sa.observe(digest(b, false, 0), 1500);
        sb.observe(digest(a, false, 0), 1500);

        assertThat(fetches).as("only node-b, whose store has the older writes, fetches").hasValue(1);
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(sa.problem()).contains("node-b re-synchronises from node-a (node-a's store has the newer writes");
    }

    /**
     * A removal node-b never heard of (node-a's queue lost with a restart): before, a removal
     * stamped no version, so the clocks tied, node-b's store won with more users, node-a took it
     * and the removed user came back on both nodes. Now the removal is the newest write: node-a's
     * store wins and node-b drops the user.
     */
    @Test
    void aRemovalThePeerMissedWinsTheComparisonAndTheUserStaysRemoved() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        cut.add("node-a");
        a.removeUser("u2"); // never reaches node-b: the queue was lost
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(a.find("u2")).as("u2 on node-a").isEmpty();
        assertThat(b.find("u2")).as("u2 on node-b").isEmpty();
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(fetches).as("node-b fetched once").hasValue(1);
        assertThat(b.tombstones()).as("node-b took node-a's tombstone").isEqualTo(a.tombstones()).containsOnlyKeys("u2");
        assertThat(notes).anyMatch(n -> n.contains("node-b re-synchronises from node-a (node-a's store has the newer writes"));
    }

    /**
     * node-a's removal was missed by node-b, which then wrote other users (so its store wins on
     * the clock): node-a takes node-b's store but keeps u2 removed (its removal is newer than
     * node-b's record of u2) and sends the removal back. One resync, and u2 is gone on both.
     */
    @Test
    void aRemovalKeptByTheStoreThatLostIsSentBackToTheWinner() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        cut.add("node-a");
        a.removeUser("u2"); // version 4, never reaches node-b
        flip(b, "u3"); // 3
        flip(b, "u4"); // 5: node-b's clock is higher
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(fetches).as("node-a fetched node-b's store once").hasValue(1);
        assertThat(a.find("u2")).as("u2 on node-a").isEmpty();
        assertThat(b.find("u2")).as("u2 on node-b").isEmpty();
        assertThat(b.tombstones()).containsEntry("u2", 4L);
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(a.find("u4").orElseThrow().version()).isEqualTo(5);
        assertThat(notes).anyMatch(n -> n.contains("1 newer change(s) kept here sent back to node-b"));
    }

    /** A record the store that lost has newer than the winner's is sent back as well. */
    @Test
    void aNewerRecordKeptByTheStoreThatLostIsSentBackToTheWinner() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        cut.add("node-a");
        flip(a, "u1"); // 4, lost
        flip(b, "u3"); // 3
        flip(b, "u4"); // 5
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(fetches).hasValue(1);
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(b.find("u1").orElseThrow().version()).isEqualTo(4);
    }

    /** The reverse: a write after the removal (a higher version) wins over it. */
    @Test
    void aWriteNewerThanTheRemovalWinsOverIt() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        cut.add("node-a");
        a.removeUser("u2"); // never reaches node-b
        // node-b writes u2 twice: versions 3 and 5, the second after the removal's 4
        flip(b, "u2");
        flip(b, "u2");
        assertThat(b.find("u2").orElseThrow().version()).isGreaterThan(a.tombstones().get("u2"));
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(a.find("u2")).as("u2 on node-a").hasValueSatisfying(u -> assertThat(u.version()).isEqualTo(5));
        assertThat(a.tombstones()).as("the newer write cleared the removal").doesNotContainKey("u2");
        assertThat(dump(b)).isEqualTo(dump(a));
    }

    /**
     * A roster entry set on node-a whose replication was lost (its queue gone with a restart):
     * the user records agree, so before the digest carried the rosters the stores were taken as
     * equal and node-b never got the entry. Now the extras differ and node-b takes node-a's store.
     */
    @Test
    void aRosterEntryThePeerNeverGotIsFoundAndTheStoresConverge() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3"));
        cut.add("node-a");
        a.setRoster("u1", "u2", true); // never reaches node-b
        a.setSecretHash("u3", "pbkdf2$1$c2FsdA==$aGFzaA==");
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(a.digest()).isNotEqualTo(b.digest());
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(fetches).as("one resync, no loop").hasValue(1);
        assertThat(b.rosterOf("u1")).containsExactly("u2");
        assertThat(b.secretHash("u3")).contains("pbkdf2$1$c2FsdA==$aGFzaA==");
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(notes).anyMatch(n -> n.contains("rosters or login secrets differ"));
        assertThat(sa.problem()).isEmpty();
    }

    /**
     * The same on the group's second node: with equal records and clocks the first node's store
     * wins, so an entry and a secret only node-b had are dropped there: the two agree again
     * (what node-b alone had is lost, as its replication was).
     */
    @Test
    void rosterAndSecretsOnlyTheSecondNodeHadFollowTheFirstNodesStore() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3"));
        b.setRoster("u2", "u3", true); // node-b replicates nothing here
        b.setSecretHash("u1", "pbkdf2$1$c2FsdA==$b25seWI=");
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(fetches).hasValue(1);
        assertThat(b.rosterOf("u2")).isEmpty();
        assertThat(b.secretHash("u1")).isEmpty();
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    /**
     * A user the losing store keeps because its record is newer keeps its roster entries and its
     * secret too, and they are sent back with the record: one resync, and both stores end equal.
     */
    @Test
    void theRosterAndSecretOfAUserKeptNewerAreSentBackWithIt() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        replicate(a, b);
        a.addUsers(List.of("u1", "u2", "u3", "u4"));
        cut.add("node-a");
        flip(a, "u1"); // newer on node-a, lost
        a.setRoster("u1", "u2", true);
        a.setSecretHash("u1", "pbkdf2$1$c2FsdA==$a2VwdA==");
        flip(b, "u3");
        flip(b, "u4"); // node-b's clock is higher: node-a loses and takes node-b's store
        StoreSync sa = sync(a, b, 0);
        StoreSync sb = sync(b, a, 0);

        converge(sa, a, sb, b);

        assertThat(fetches).as("one resync, no loop").hasValue(1);
        assertThat(a.rosterOf("u1")).containsExactly("u2");
        assertThat(b.rosterOf("u1")).containsExactly("u2");
        assertThat(b.secretHash("u1")).contains("pbkdf2$1$c2FsdA==$a2VwdA==");
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    /** Moves one user to the node that does not serve it: one write, the store's next version. */
    private static void flip(UserStore s, String id) throws Exception {
        s.move(MoveKind.TAKE_OVER, u -> u.userId().equals(id), u -> u.isServedBy("node-a") ? "node-b" : "node-a");
    }

    /** Replicates every local change of {@code from} to {@code to} until {@link #cut} (a lost queue). */
    private void replicate(UserStore from, UserStore to) {
        from.addListener((c, o) -> {
            if (o == UserChange.Origin.LOCAL && !cut.contains(from.self())) {
                to.applyReplicated(c);
            }
        });
    }

    private final java.util.Set<String> cut = new java.util.HashSet<>();

    /** Heartbeats both ways, past the confirm time, until both stores agree (at most a few resyncs). */
    private static void converge(StoreSync sa, UserStore a, StoreSync sb, UserStore b) {
        for (long t = 0; t <= 10_000; t += 500) {
            sa.observe(digest(b, false, 0), t);
            sb.observe(digest(a, false, 0), t);
        }
    }

    @Test
    void changesStillQueuedOnEitherSideAreNotADifference() throws Exception {
        UserStore a = store("node-a", "a.db");
        UserStore b = store("node-b", "b.db");
        b.addUsers(List.of("x")); // not fresh any more once compared... node-b has a user node-a lacks
        a.addUsers(List.of("y", "z"));
        StoreSync sa = sync(a, b, 1); // node-a still has a change queued
        for (long t = 0; t < 5000; t += 500) {
            sa.observe(digest(b, false, 0), t);
        }
        assertThat(fetches).hasValue(0);
        assertThat(sa.problem()).isEmpty();
    }

    @Test
    void whichStoreWins() {
        StoreDigest mine = new StoreDigest(10, 1, 40);
        var theirs = dev.tandem.proto.peer.v1.StoreDigest.newBuilder().setUsers(5).setDigest(2).setClock(40);
        assertThat(StoreSync.loses(mine, true, theirs.setFresh(false).build(), true)).as("fresh loses").isTrue();
        assertThat(StoreSync.loses(mine, false, theirs.setFresh(true).build(), false)).isFalse();
        assertThat(StoreSync.loses(mine, false, theirs.setFresh(false).setClock(41).build(), true)).as("older writes lose").isTrue();
        assertThat(StoreSync.loses(mine, false, theirs.setClock(40).build(), false)).as("more users win").isFalse();
        assertThat(StoreSync.loses(new StoreDigest(5, 1, 40), false, theirs.build(), true)).as("node 1 wins a tie").isFalse();
        assertThat(StoreSync.loses(new StoreDigest(5, 1, 40), false, theirs.build(), false)).isTrue();
    }

    /**
     * The store gate (issue 11): a node that started empty and got part of its peer's store by
     * replication, then restarted before a resync, is not empty at its next start but still pending;
     * the flag is saved and cleared once the peer's store is taken.
     */
    @Test
    void aPendingResyncIsKeptAcrossARestartAndClearedOnceThePeersStoreIsTaken() throws Exception {
        UserStore a = store("node-a", "a.db");
        a.addUsers(List.of("u1", "u2", "u3"));
        UserStore b = store("node-b", "b.db");
        List<Boolean> saved = new ArrayList<>();
        StoreSync first = sync(b, a, 0);
        first.durable(false, saved::add);
        assertThat(first.resyncPending()).as("empty at start").isTrue();
        assertThat(saved).containsExactly(true);

        b.addUsers(List.of("u1")); // as a replicated change would, before any resync
        StoreSync second = sync(b, a, 0); // the restart: not empty, so not fresh
        assertThat(second.fresh()).isFalse();
        assertThat(second.resyncPending()).isFalse();
        List<Boolean> savedAgain = new ArrayList<>();
        second.durable(true, savedAgain::add);
        assertThat(second.resyncPending()).as("what the last run saved").isTrue();

        second.observe(digest(a, false, 0), 0);
        second.observe(digest(a, false, 0), 2_000); // confirmed: b loses (lower clock), takes a's store
        assertThat(dump(b)).isEqualTo(dump(a));
        assertThat(second.resyncPending()).isFalse();
        assertThat(savedAgain).containsExactly(true, false);
    }
}
