package dev.tandem.tools.campaign;

import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.OfferedAction;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The campaign's operator: when the pair settles outside M1 it does what the console offers
 * (Recovery first, else a fallback) and, when nothing is offered, what the rows say first.
 */
final class Operator {
    private final String[] nodes;
    private final Map<String, ManagedChannel> admin;

    /** @param admin each node's admin channel, filled in by the round as its agents start */
    Operator(String[] nodes, Map<String, ManagedChannel> admin) {
        this.nodes = nodes;
        this.admin = admin;
    }

    /** Recovery first (it returns every user home), else a fallback: what the console would offer an operator. */
    String applyOfferedAction() {
        for (String n : nodes) {
            GroupStatus s;
            try {
                s = AdminServiceGrpc.newBlockingStub(admin.get(n)).withDeadlineAfter(3, TimeUnit.SECONDS)
                        .getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
            } catch (RuntimeException e) {
                continue;
            }
            List<OfferedAction> offered = s.getOfferedActionsList();
            for (Action want : List.of(Action.RECOVERY, Action.FALLBACK)) {
                for (OfferedAction o : offered) {
                    if (o.getAction() != want) {
                        continue;
                    }
                    try {
                        if (want == Action.RECOVERY) {
                            stub(n).recover(GroupActionRequest.newBuilder().setGroup(s.getGroup()).setActor("campaign").build());
                        } else {
                            stub(o.getNode()).fallback(node(o.getNode()));
                        }
                        return want + " " + o.getNode();
                    } catch (RuntimeException e) {
                        return want + " " + o.getNode() + " refused: " + e.getMessage();
                    }
                }
            }
        }
        return startStoppedServices();
    }

    /**
     * Nothing offered: what the rows say first when a node's critical services are down (X6
     * step 1, "check node 1's ... critical services run"; M15): an operator starts them. Each
     * stopped service a node reports of itself is started through the admin API.
     */
    private String startStoppedServices() {
        List<String> started = new ArrayList<>();
        for (String n : nodes) {
            try {
                GroupStatus s = AdminServiceGrpc.newBlockingStub(admin.get(n)).withDeadlineAfter(3, TimeUnit.SECONDS)
                        .getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
                for (var r : s.getNodesList()) {
                    if (!r.getStatus().getNode().equals(n)) {
                        continue;
                    }
                    for (var svc : r.getServicesList()) {
                        if (!svc.getRunning()) {
                            stub(n).startCriticalService(CriticalServiceRequest.newBuilder().setNode(n)
                                    .setService(svc.getId()).setActor("campaign").build());
                            started.add(n + " " + svc.getId());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // unreachable now: the next attempt tries again
            }
        }
        return started.isEmpty() ? "nothing offered" : "nothing offered; started stopped services " + started;
    }

    private AdminServiceGrpc.AdminServiceBlockingStub stub(String node) {
        return AdminServiceGrpc.newBlockingStub(admin.get(node)).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static NodeActionRequest node(String n) {
        return NodeActionRequest.newBuilder().setNode(n).setActor("campaign").build();
    }
}
