package dev.tandem.agent.presence.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.ConnectionMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sharded session manager under concurrency, without the network: many threads log in,
 * out, and move users at once; the §8 counters must stay exact and no user may end up with
 * two sessions or a connection in the wrong mode. Connections are {@link FakeLink}s.
 */
class ShardedSessionManagerTest {
    private static final GroupNodes GROUP = new GroupNodes("node-a", "node-b");
    private static final int THREADS = 8;

    private Connection db;
    private UserStore users;
    private SessionManager sessions;
    private ExecutorService pool;
    private final AtomicLong clock = new AtomicLong();

    @BeforeEach
    void open() throws Exception {
        db = DriverManager.getConnection("jdbc:sqlite::memory:");
        PresenceStore store = new PresenceStore(db);
        store.createSchema();
        users = UserStore.open("node-a", GROUP, store);
        sessions = new SessionManager(users, () -> new NodeEndpoint("node-b", "127.0.0.1:1", ReloginLimits.DEFAULT), true);
        users.addUsers(IntStream.range(0, 3000).mapToObj(i -> "u" + i).toList()); // BALANCED: half homed on each
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    private List<UserRecord> homedOn(String node) {
        return users.all().stream().filter(u -> u.isHomedOn(node)).toList();
    }

    /** Runs the tasks on {@link #THREADS} threads released together; rethrows the first failure. */
    private void runTogether(List<Runnable> tasks) throws Exception {
        List<Runnable> shuffled = new ArrayList<>(tasks);
        Collections.shuffle(shuffled, new Random(42));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = first; i < shuffled.size(); i += THREADS) {
                    shuffled.get(i).run();
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void concurrentLoginsAndLogoutsKeepTheCountersExactAndEveryUserInOneSession() throws Exception {
        List<UserRecord> own = homedOn("node-a");
        List<UserRecord> peers = homedOn("node-b");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        List<Runnable> logins = new ArrayList<>();
        int twice = 0;
        for (UserRecord u : own) {
            // some users log in ACTIVE twice at once: one connection wins, the other is replaced (ABORTED)
            int connections = u.userId().hashCode() % 3 == 0 ? 2 : 1;
            twice += connections - 1;
            for (int c = 0; c < connections; c++) {
                logins.add(() -> login(linksOf, u.userId(), ConnectionMode.ACTIVE));
            }
        }
        for (UserRecord u : peers) {
            logins.add(() -> login(linksOf, u.userId(), ConnectionMode.INACTIVE));
        }

        runTogether(logins);

        assertThat(sessions.counters()).isEqualTo(new SessionCounters(own.size(), peers.size(),
                own.size(), peers.size(), own.size() + peers.size()));
        assertThat(sessions.activeUsers()).isEqualTo(own.stream().map(UserRecord::userId).collect(Collectors.toSet()));
        linksOf.values().stream().flatMap(List::stream)
                .forEach(l -> assertThat(l.whats()).first().asString().startsWith("accepted:"));
        // one ACTIVE connection per user: of each pair, exactly one was replaced, after its LoginAccepted
        List<List<String>> replaced = linksOf.values().stream().flatMap(List::stream)
                .map(FakeLink::whats).filter(w -> w.contains("closed:ABORTED")).toList();
        assertThat(replaced).hasSize(twice).allSatisfy(w -> assertThat(w).containsExactly("accepted:ACTIVE", "closed:ABORTED"));
        assertThat(linksOf.values()).allSatisfy(ls -> assertThat(ls)
                .filteredOn(l -> !l.whats().contains("closed:ABORTED")).hasSize(1));

        // every connection ends, from all threads at once: nothing may be left over
        List<Runnable> logouts = linksOf.values().stream().flatMap(List::stream)
                .<Runnable>map(l -> () -> sessions.logout(l)).toList();
        runTogether(logouts);

        assertThat(sessions.counters()).isEqualTo(new SessionCounters(0, 0, 0, 0, 0));
        assertThat(sessions.activeUsers()).isEmpty();
    }

    @Test
    void standbyLoginsRacingATakeoverEndUpPromotedOrRefusedNeverStandby() throws Exception {
        List<UserRecord> peers = homedOn("node-b");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        List<Runnable> tasks = new ArrayList<>();
        for (UserRecord u : peers) {
            tasks.add(() -> {
                try {
                    login(linksOf, u.userId(), ConnectionMode.INACTIVE);
                } catch (SessionRefusedException e) { // the takeover came first: "log in ACTIVE here"
                    assertThat(e.refusal()).isEqualTo(Refusal.FAILED_PRECONDITION);
                    refused.add(u.userId());
                }
            });
        }
        tasks.add(() -> move(MoveKind.TAKE_OVER, u -> u.isHomedOn("node-b"), "node-a"));

        runTogether(tasks);

        long accepted = linksOf.size();
        assertThat(accepted + refused.size()).isEqualTo(peers.size());
        // every standby that was accepted is now active: promoted after its LoginAccepted
        for (List<FakeLink> ls : linksOf.values()) {
            for (FakeLink l : ls) {
                assertThat(l.whats()).startsWith("accepted:INACTIVE").contains("promoted");
                assertThat(l.seqOf("promoted")).isGreaterThan(l.seqOf("accepted:INACTIVE"));
            }
        }
        assertThat(sessions.counters()).isEqualTo(new SessionCounters(accepted, 0, accepted, 0, accepted));
    }

    @Test
    void aMoveThatPromotesAndRedirectsWritesEveryPromotedBeforeAnyRedirect() throws Exception {
        List<UserRecord> own = homedOn("node-a");
        List<UserRecord> peers = homedOn("node-b");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        own.forEach(u -> login(linksOf, u.userId(), ConnectionMode.ACTIVE));
        peers.forEach(u -> login(linksOf, u.userId(), ConnectionMode.INACTIVE));

        // one move (one transaction) swaps every user's serving node: node-a takes the peer's
        // users (promotions here) and gives its own away (redirects here)
        move(MoveKind.RESET_TO_HOME, u -> true, null);

        long lastPromoted = peers.stream().flatMap(u -> linksOf.get(u.userId()).stream())
                .mapToLong(l -> l.seqOf("promoted")).max().orElseThrow();
        long firstRedirect = own.stream().flatMap(u -> linksOf.get(u.userId()).stream())
                .mapToLong(l -> l.seqOf("redirect")).min().orElseThrow();
        assertThat(peers.stream().flatMap(u -> linksOf.get(u.userId()).stream()))
                .allMatch(l -> l.seqOf("promoted") > 0);
        assertThat(own.stream().flatMap(u -> linksOf.get(u.userId()).stream()))
                .allMatch(l -> l.seqOf("redirect") > 0);
        assertThat(lastPromoted).isLessThan(firstRedirect);
        assertThat(sessions.counters()).isEqualTo(new SessionCounters(peers.size(), 0, peers.size(), 0, peers.size()));
    }

    @ParameterizedTest(name = "the peer confirmed the move: {0}")
    @ValueSource(booleans = {true, false})
    void anOwnMoveRedirectsItsClientsOnlyWhenTheHandOffSaysAndSaysWhetherThePeerPromotedThem(boolean confirmed)
            throws Exception {
        List<java.util.function.Consumer<Boolean>> waiting = new ArrayList<>();
        sessions.setHandOff(waiting::add); // issue 12: make before break
        List<UserRecord> own = homedOn("node-a");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        own.forEach(u -> login(linksOf, u.userId(), ConnectionMode.ACTIVE));

        move(MoveKind.HAND_OVER, u -> u.isHomedOn("node-a"), "node-b");
        assertThat(linksOf.values().stream().flatMap(List::stream)).as("still served until the hand-off says")
                .allMatch(l -> l.seqOf("redirect") < 0);
        assertThat(waiting).hasSize(1);

        waiting.get(0).accept(confirmed);
        assertThat(linksOf.values().stream().flatMap(List::stream)).allMatch(l -> l.seqOf("redirect") > 0)
                .allMatch(l -> l.lastRedirect().getMoved() && l.lastRedirect().getPromotedThere() == confirmed
                        && l.lastRedirect().getNode().getName().equals("node-b"));
        assertThat(sessions.counters().activeJsmSessions()).isZero();
    }

    @Test
    void aMoveReplicatedFromThePeerRedirectsAtOnceWithoutPromotedThere() throws Exception {
        List<java.util.function.Consumer<Boolean>> waiting = new ArrayList<>();
        sessions.setHandOff(waiting::add);
        List<UserRecord> own = homedOn("node-a");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        own.forEach(u -> login(linksOf, u.userId(), ConnectionMode.ACTIVE));
        // node-b took them over and replicated its move: node-b has promoted already, nothing to wait for
        users.applyReplicated(new dev.tandem.agent.presence.users.UserChange.Moved(MoveKind.TAKE_OVER, "node-b",
                own.stream().map(u -> u.servedBy("node-b").withVersion(u.version() + 11)).toList()));
        assertThat(waiting).isEmpty();
        assertThat(linksOf.values().stream().flatMap(List::stream)).allMatch(l -> l.seqOf("redirect") > 0)
                .allMatch(l -> !l.lastRedirect().getPromotedThere());
    }

    @Test
    void closingTheServingGateWhileThePeerRunsInBackupModeSaysPromotedThereForTheUsersThePeerServes() throws Exception {
        sessions.setHandOff(redirect -> { }); // this node's own move: its redirects still wait for the peer
        List<UserRecord> own = homedOn("node-a");
        Map<String, List<FakeLink>> linksOf = new ConcurrentHashMap<>();
        own.forEach(u -> login(linksOf, u.userId(), ConnectionMode.ACTIVE));
        java.util.Set<String> handedOver = new java.util.HashSet<>(own.subList(0, own.size() / 2).stream()
                .map(UserRecord::userId).toList());
        move(MoveKind.HAND_OVER, u -> handedOver.contains(u.userId()), "node-b");
        assertThat(linksOf.values().stream().flatMap(List::stream)).allMatch(l -> l.seqOf("redirect") < 0);

        // the peer runs in backup mode (it serves the handed-over users) and this node stops serving
        sessions.setServing(false, "node-a is Idle", true);
        assertThat(linksOf.entrySet()).allSatisfy(e -> assertThat(e.getValue()).allSatisfy(l -> {
            assertThat(l.seqOf("redirect")).isPositive();
            assertThat(l.lastRedirect().getPromotedThere()).as(e.getKey()).isEqualTo(handedOver.contains(e.getKey()));
        }));
    }

    private void login(Map<String, List<FakeLink>> linksOf, String userId, ConnectionMode mode) {
        FakeLink link = new FakeLink(clock);
        LoginOutcome outcome = sessions.login(link, userId, mode);
        assertThat(outcome).isInstanceOf(LoginOutcome.Accepted.class);
        linksOf.computeIfAbsent(userId, u -> Collections.synchronizedList(new ArrayList<>())).add(link);
    }

    /** A move as the node runs it; {@code to} null swaps each selected user's serving node. */
    private void move(MoveKind kind, java.util.function.Predicate<UserRecord> which, String to) {
        try {
            users.move(kind, which, u -> to != null ? to : (u.isServedBy("node-a") ? "node-b" : "node-a"));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
