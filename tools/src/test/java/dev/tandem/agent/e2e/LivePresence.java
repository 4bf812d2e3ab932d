package dev.tandem.agent.e2e;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.service.Agent;
import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.WatchCountersRequest;
import io.grpc.Context;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Helpers for tests of the presence node inside live agents. */
final class LivePresence {
    /** Short re-login waits, so simulated clients open their standby connections at once. */
    static final ReloginLimits QUICK = ReloginLimits.ofMillis(5, 20);
    /** The same limits as agent configuration (the agents hand them to redirected clients). */
    static final Map<String, String> QUICK_RELOGIN = Fixtures.QUICK_RELOGIN;

    private LivePresence() {
    }

    static NodeEndpoint endpoint(Agent a) {
        return new NodeEndpoint(a.name(), a.clientTarget(), QUICK);
    }

    /** Both stores hold the same records (replication drained). */
    static void awaitStoresEqual(EmbeddedPair pair, Duration bound) {
        Await.until(() -> Set.copyOf(pair.first().presence().users().all()).equals(
                Set.copyOf(pair.second().presence().users().all())), ok -> ok, bound);
    }

    /**
     * Waits until both nodes see M1 (users change only while both are Normal as node-a sees
     * them), adds {@code users} users (user00000, ...) at node-a and waits until node-b has
     * them all and node-a has nothing left to replicate.
     */
    /**
     * Until each node's own status shows M1. A node refuses to add users until it has heard its
     * peer Normal, so one node's M1 is not enough before an add (CI saw node-b's M1 while node-a
     * still had node-b as Initializing).
     */
    static void awaitM1OnBoth(EmbeddedPair pair, Duration bound) throws Exception {
        for (String target : java.util.List.of(pair.first().adminTarget(), pair.second().adminTarget())) {
            try (GroupWatch w = new GroupWatch(target)) {
                w.awaitRow("M1", bound);
            }
        }
    }

    static void awaitM1AndAddUsers(EmbeddedPair pair, GroupWatch wa, AdminServiceBlockingStub adminA, int users)
            throws Exception {
        awaitM1OnBoth(pair, Duration.ofSeconds(30));
        adminA.addUsers(AddUsersRequest.newBuilder().setActor("test")
                .addAllUsers(IntStream.range(0, users).mapToObj(i -> String.format("user%05d", i)).toList()).build());
        wa.await("node-b has every user", Fixtures.SOON, s -> pair.second().presence().users().size() == users
                && Fixtures.node(s, "node-a").getReplication().getReplicationQueue() == 0);
    }

    static Set<UserRecord> store(Agent a) {
        return new HashSet<>(a.presence().users().all());
    }

    /**
     * The newest counters of {@code node} as the admin API's WatchCounters stream shows them,
     * once {@code ok} holds for them (bounded).
     */
    static Map<String, Double> awaitCounters(AdminServiceBlockingStub admin, String node, Duration bound,
                                             java.util.function.Predicate<Map<String, Double>> ok) {
        Context.CancellableContext ctx = Context.current().withCancellation();
        try {
            return ctx.call(() -> {
                Iterator<CounterSample> it = admin.withDeadlineAfter(bound.toMillis(), TimeUnit.MILLISECONDS)
                        .watchCounters(WatchCountersRequest.newBuilder().setIntervalMs(50).build());
                Map<String, Double> last = Map.of();
                try {
                    while (it.hasNext()) {
                        CounterSample s = it.next();
                        if (!s.getNode().equals(node)) {
                            continue;
                        }
                        Map<String, Double> m = new LinkedHashMap<>();
                        s.getCountersList().forEach(c -> m.put(c.getName(), c.getValue()));
                        last = m;
                        if (ok.test(m)) {
                            return m;
                        }
                    }
                } catch (io.grpc.StatusRuntimeException e) {
                    throw new AssertionError("counters of " + node + " never matched within " + bound + "; last: " + last, e);
                }
                throw new AssertionError("counter stream ended; last counters of " + node + ": " + last);
            });
        } catch (AssertionError | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            ctx.cancel(null);
        }
    }
}
