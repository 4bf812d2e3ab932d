package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.Fault;
import dev.tandem.proto.admin.v1.FaultKind;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SimulateRequest;
import dev.tandem.proto.admin.v1.SimulationReport;
import dev.tandem.tools.campaign.LinkProxy;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What-if with two real agents (issue 15): for each fault, the row Simulate predicts (asked of
 * the agent that stays up, before the fault) is the row the real pair then reaches, as that
 * agent reports it. Short timers, with heartbeat timeouts a loaded 2-core machine does not trip.
 */
class WhatIfLiveTest {
    static final Map<String, String> TIMERS = timers();
    static final Duration REACHED = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static Map<String, String> timers() {
        Map<String, String> m = new HashMap<>(Fixtures.FAST);
        m.put("heartbeat.timeout", "2000ms");
        m.put("heartbeat.init-timeout", "4000ms");
        return m;
    }

    /** Something done to the real pair through the observer's admin API, or to an agent. */
    interface RealStep {
        void run(EmbeddedPair pair, AdminServiceBlockingStub admin) throws Exception;
    }

    /**
     * @param before   real steps that bring the pair to the scenario's start, and the row they end in
     * @param expected the row the prediction must name (so the comparison is not vacuous)
     */
    record Scenario(String name, String observer, RealStep before, String startRow, List<Fault> faults, RealStep real,
                    String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Fault fault(FaultKind k, String node) {
        return Fault.newBuilder().setKind(k).setNode(node).build();
    }

    static Fault serviceDown(String node, String service) {
        return Fault.newBuilder().setKind(FaultKind.FAULT_CRITICAL_SERVICE_DOWN).setNode(node).setService(service).build();
    }

    static NodeActionRequest on(String node) {
        return NodeActionRequest.newBuilder().setNode(node).setActor("what-if test").build();
    }

    static final RealStep NOTHING = (p, a) -> { };
    static final RealStep FAILED_OVER = (p, a) -> a.failover(on("node-a"));

    static Stream<Scenario> scenarios() {
        return Stream.of(
                new Scenario("critical service down on node 1", "node-b", NOTHING, "M1",
                        List.of(serviceDown("node-a", "SYNC_AGENT")), (p, a) -> a.stopCriticalService(
                        CriticalServiceRequest.newBuilder().setNode("node-a").setService("SYNC_AGENT").build()), "M12"),
                new Scenario("critical service down on node 2", "node-a", NOTHING, "M1",
                        List.of(serviceDown("node-b", "XCP_ROUTER")), (p, a) -> a.stopCriticalService(
                        CriticalServiceRequest.newBuilder().setNode("node-b").setService("XCP_ROUTER").build()), "M12"),
                new Scenario("database failure on node 1", "node-b", NOTHING, "M1",
                        List.of(fault(FaultKind.FAULT_DATABASE_FAILURE, "node-a")), (p, a) -> a.failDatabase(on("node-a")),
                        "M13"),
                new Scenario("database failure on node 2", "node-b", NOTHING, "M1",
                        List.of(fault(FaultKind.FAULT_DATABASE_FAILURE, "node-b")), (p, a) -> a.failDatabase(on("node-b")),
                        "M13"),
                new Scenario("node 1 killed", "node-b", NOTHING, "M1", List.of(fault(FaultKind.FAULT_NODE_LOST, "node-a")),
                        (p, a) -> p.kill("node-a"), "M16"),
                new Scenario("node 2 killed", "node-a", NOTHING, "M1", List.of(fault(FaultKind.FAULT_NODE_LOST, "node-b")),
                        (p, a) -> p.kill("node-b"), "M16"),
                new Scenario("peer shut down in an orderly way", "node-b", NOTHING, "M1",
                        List.of(fault(FaultKind.FAULT_ANNOUNCED_SHUTDOWN, "node-a")), (p, a) -> p.stop("node-a"), "M17"),
                new Scenario("manual failover", "node-b", NOTHING, "M1",
                        List.of(fault(FaultKind.FAULT_MANUAL_FAILOVER, "node-a")), (p, a) -> a.failover(on("node-a")), "M3"),
                new Scenario("manual fallback after a failover", "node-b", FAILED_OVER, "M3",
                        List.of(fault(FaultKind.FAULT_MANUAL_FALLBACK, "node-a")), (p, a) -> a.fallback(on("node-a")), "M1"),
                new Scenario("backup node loses a service while node 1 is idle", "node-b", FAILED_OVER, "M3",
                        List.of(serviceDown("node-b", "SIP_PROXY")), (p, a) -> a.stopCriticalService(
                        CriticalServiceRequest.newBuilder().setNode("node-b").setService("SIP_PROXY").build()), "M15"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void predictedRowIsTheRowTheRealPairReaches(Scenario s) throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TIMERS)) {
            predictThenDo(pair, s);
        }
    }

    /** The 11th fault: a partition, with the peer link through relays that can be cut both ways (as FaultCampaign does). */
    @Test
    void partitionPredictedAsTheRealPairReachesIt() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TIMERS);
             LinkProxy toA = proxy(pair.agent("node-a").serviceTarget());
             LinkProxy toB = proxy(pair.agent("node-b").serviceTarget())) {
            pair.agent("node-a").connectPeer(toB.address());
            pair.agent("node-b").connectPeer(toA.address());
            // each side loses the other and takes its users: node-b reports itself in backup mode, node-a unreachable
            predictThenDo(pair, new Scenario("partition", "node-b", NOTHING, "M1",
                    List.of(Fault.newBuilder().setKind(FaultKind.FAULT_PARTITION).build()), (p, a) -> {
                        toA.cut();
                        toB.cut();
                    }, "M16"));
        }
    }

    private static LinkProxy proxy(String target) throws java.io.IOException {
        String[] hp = target.split(":");
        return new LinkProxy(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
    }

    private static void predictThenDo(EmbeddedPair pair, Scenario s) throws Exception {
        try (GroupWatch watch = new GroupWatch(pair.agent(s.observer()).adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.agent(s.observer()).adminTarget());
            try {
                AdminServiceBlockingStub admin = Fixtures.admin(ch);
                watch.awaitRow("M1", Duration.ofSeconds(30));
                s.before().run(pair, admin);
                // settled: both nodes as the observer sees them, in the start row
                watch.await(s.startRow() + " settled", REACHED, st -> GroupWatch.row(st).equals(s.startRow())
                        && st.getNodesList().stream().allMatch(n -> n.getStatus().getReachable()));

                SimulationReport predicted = admin.simulate(SimulateRequest.newBuilder().addAllFaults(s.faults()).build());
                assertThat(predicted.getFinalRow()).as(predicted.getSummary()).isEqualTo(s.expected());
                assertThat(predicted.getSummary()).contains(s.expected());

                s.real().run(pair, admin);
                GroupStatus reached = watch.awaitRow(predicted.getFinalRow(), REACHED);
                assertThat(GroupWatch.row(reached)).isEqualTo(predicted.getFinalRow());
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void simulatingTouchesNothingAndBadInputIsRefused() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TIMERS);
             GroupWatch watch = new GroupWatch(pair.second().adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.second().adminTarget());
            try {
                AdminServiceBlockingStub admin = Fixtures.admin(ch);
                watch.awaitRow("M1", Duration.ofSeconds(30));
                long eventsBefore = countEvents(admin);
                SimulationReport r = admin.simulate(SimulateRequest.newBuilder()
                        .addFaults(fault(FaultKind.FAULT_MANUAL_FAILOVER, "node-a")).build());
                assertThat(r.getFinalRow()).isEqualTo("M3");
                assertThat(r.getMovesList()).extracting(m -> m.getNode() + " " + m.getKind())
                        .containsExactly("node-a HAND_OVER", "node-b TAKE_OVER");
                // the real pair is still in M1, every service running, and nothing was logged or audited
                GroupStatus now = admin.getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
                assertThat(GroupWatch.row(now)).isEqualTo("M1");
                assertThat(now.getNodesList()).allMatch(n -> n.getServicesList().stream().allMatch(c -> c.getRunning()));
                assertThat(countEvents(admin)).isEqualTo(eventsBefore);

                assertThat(code(() -> admin.simulate(SimulateRequest.getDefaultInstance())))
                        .isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(message(() -> admin.simulate(SimulateRequest.newBuilder()
                        .addFaults(fault(FaultKind.FAULT_NODE_LOST, "node-x")).build())))
                        .contains("names node 'node-x'").contains("node-a, node-b");
                assertThat(message(() -> admin.simulate(SimulateRequest.newBuilder()
                        .addFaults(serviceDown("node-a", "NO_SUCH")).build()))).contains("names service 'NO_SUCH'");
                assertThat(message(() -> admin.simulate(SimulateRequest.newBuilder()
                        .addFaults(Fault.newBuilder().setKind(FaultKind.FAULT_PARTITION).setAtMs(-5)).build())))
                        .contains("must not be negative");
                assertThat(message(() -> admin.simulate(SimulateRequest.newBuilder().setHorizonMs(1000)
                        .addFaults(Fault.newBuilder().setKind(FaultKind.FAULT_PARTITION).setAtMs(5000)).build())))
                        .contains("beyond the horizon");
            } finally {
                ch.shutdownNow();
            }
        }
    }

    private static long countEvents(AdminServiceBlockingStub admin) {
        long n = 0;
        var it = admin.watchEvents(dev.tandem.proto.admin.v1.WatchEventsRequest.newBuilder().setHistoryOnly(true).build());
        while (it.hasNext()) {
            it.next();
            n++;
        }
        return n;
    }

    private static Status.Code code(Runnable r) {
        try {
            r.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static String message(Runnable r) {
        try {
            r.run();
            return "accepted";
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            return e.getStatus().getDescription();
        }
    }
}
