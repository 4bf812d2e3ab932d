package dev.tandem.tools.bench;

import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark setup through the admin API (tandemctl has no user commands): waits until both
 * nodes of the group are Normal, adds users PREFIX00000.. in batches of 1,000, and waits until
 * the agent's replication queue is empty (the peer has them too).
 * Usage: AddUsersMain ADMIN_HOST:PORT COUNT [PREFIX] [TIMEOUT_S].
 */
public final class AddUsersMain {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AddUsersMain ADMIN_HOST:PORT COUNT [PREFIX] [TIMEOUT_S]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[1]);
        String prefix = args.length > 2 ? args[2] : "user";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(args.length > 3 ? Long.parseLong(args[3]) : 120);
        ManagedChannel ch = NettyChannelBuilder.forTarget(args[0]).usePlaintext().build();
        try {
            var stub = AdminServiceGrpc.newBlockingStub(ch);
            while (!bothNormal(status(stub))) {
                check(deadline, "both nodes Normal");
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            for (int from = 0; from < count; from += 1000) {
                List<String> batch = new java.util.ArrayList<>();
                for (int i = from; i < Math.min(count, from + 1000); i++) {
                    batch.add(String.format("%s%05d", prefix, i));
                }
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).addUsers(
                        AddUsersRequest.newBuilder().addAllUsers(batch).setActor("agent-kill-bench").build());
            }
            while (true) {
                GroupStatus s = status(stub);
                NodeReport self = s.getNodesList().stream()
                        .filter(n -> n.getStatus().getNode().equals(s.getReporter())).findFirst().orElseThrow();
                if (self.getReplication().getReplicationQueue() == 0 && self.getHomeUsers() + otherHome(s) >= count) {
                    break;
                }
                check(deadline, "replication of the users to the peer");
                Thread.sleep(100);
            }
            System.out.printf("added %d users in %d ms (replicated)%n", count,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } finally {
            ch.shutdownNow();
            ch.awaitTermination(2, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static int otherHome(GroupStatus s) {
        return s.getNodesList().stream().filter(n -> !n.getStatus().getNode().equals(s.getReporter()))
                .mapToInt(NodeReport::getHomeUsers).sum();
    }

    private static GroupStatus status(AdminServiceGrpc.AdminServiceBlockingStub stub) {
        try {
            return stub.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException notYet) {
            return GroupStatus.getDefaultInstance();
        }
    }

    private static boolean bothNormal(GroupStatus s) {
        return s.getNodesCount() == 2 && s.getNodesList().stream().allMatch(n -> n.getStatus().getState() == NodeState.NORMAL);
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            System.err.println("AddUsersMain: timed out waiting for " + what);
            System.exit(1);
        }
    }
}
