package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmEvent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A virtual pair built from a {@link WhatIfStart}: each running node's SRM starts from its
 * state as if persisted, with its health and users, and the copy runs until both settle. The
 * pure core has no other way in than a start, so resumed reasons read "Initialization".
 */
final class WhatIfCopy {
    /** States whose services the SRM stopped itself (a manual failover), so a restart keeps them stopped. */
    private static final Set<NodeState> STOPPED_BY_SRM = EnumSet.of(NodeState.IDLE);
    private static final Set<NodeState> HOLDS_PEER = EnumSet.of(NodeState.RUNNING_IN_BACKUP_MODE,
            NodeState.TAKING_OVER, NodeState.BACKUP_ACTIVATED);
    private static final Set<NodeState> GAVE_AWAY = EnumSet.of(NodeState.IDLE, NodeState.FAILED_OVER,
            NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, NodeState.FAILING_OVER,
            NodeState.FAILOVER_AFFECTED_SERVICES);

    final VirtualPair pair;
    final List<String> notes = new ArrayList<>();

    private WhatIfCopy(VirtualPair pair) {
        this.pair = pair;
    }

    static WhatIfCopy of(WhatIfStart s) {
        VirtualPair pair = new VirtualPair(s.node1().name(), s.node2().name(), s.parameters(), false);
        WhatIfCopy copy = new WhatIfCopy(pair);
        pair.homeUsers(java.util.Map.of(s.node1().name(), s.node1().homeUsers(), s.node2().name(), s.node2().homeUsers()));
        for (WhatIfStart.Node n : List.of(s.node1(), s.node2())) {
            VirtualNode v = pair.node(n.name());
            v.setHaEnabled(s.haEnabled());
            boolean stopped = STOPPED_BY_SRM.contains(n.state())
                    || n.state() == NodeState.FAILING_OVER && n.reason() == Reason.ON_ADMIN_REQUEST;
            v.prepare(new PersistedState(n.state(), n.reason(), 0, stopped), !GAVE_AWAY.contains(n.state()),
                    HOLDS_PEER.contains(n.state()), n.databaseUp());
        }
        for (WhatIfStart.Node n : List.of(s.node1(), s.node2())) {
            if (!n.running()) {
                copy.notes.add(n.name() + " is not running or not reachable: the copy starts without it");
                continue;
            }
            VirtualNode v = pair.node(n.name());
            pair.start(v);
            if (s.maintenance()) {
                v.handle(new SrmEvent.MaintenanceChanged(true));
            }
            if (!v.srm().servicesStoppedBySrm()) {
                for (CriticalService down : n.servicesDown()) {
                    pair.serviceDown(v, down); // its critical-service-down delay counts from now
                }
            }
        }
        copy.settle(s);
        return copy;
    }

    private void settle(WhatIfStart s) {
        var p = s.parameters();
        long bound = p.initializationHeartbeatTimeoutMs() + p.heartbeatTimeoutMs() + 20 * p.heartbeatIntervalMs() + 10_000;
        try {
            pair.runUntil(this::settled, bound);
        } catch (IllegalStateException e) {
            notes.add("the copy of the pair did not settle within " + bound + " ms of virtual time; it starts from "
                    + pair.describe());
        }
    }

    private boolean settled() {
        VirtualNode a = pair.n1();
        VirtualNode b = pair.n2();
        for (VirtualNode n : List.of(a, b)) {
            if (n.alive() && n.srm().state().isTransitional()) {
                return false;
            }
        }
        if (a.alive() && b.alive()) {
            return sees(a, b) && sees(b, a);
        }
        return true;
    }

    private static boolean sees(VirtualNode n, VirtualNode peer) {
        return n.srm().peer() != null && n.srm().peer().state() == peer.srm().state()
                && n.srm().peer().reason() == peer.srm().reason();
    }
}
