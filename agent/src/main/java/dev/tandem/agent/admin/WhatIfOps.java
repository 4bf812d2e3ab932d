package dev.tandem.agent.admin;

import static dev.tandem.agent.admin.AdminOps.invalid;

import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.runtime.SrmView;
import dev.tandem.agent.security.input.Inputs;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.whatif.WhatIfEngine;
import dev.tandem.agent.whatif.WhatIfFault;
import dev.tandem.agent.whatif.WhatIfOutcome;
import dev.tandem.agent.whatif.WhatIfStart;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.Fault;
import dev.tandem.proto.admin.v1.FaultKind;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.ReachedRow;
import dev.tandem.proto.admin.v1.SimulateRequest;
import dev.tandem.proto.admin.v1.SimulatedTransition;
import dev.tandem.proto.admin.v1.SimulationReport;
import dev.tandem.proto.admin.v1.UserMove;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Simulate (what-if): reads a snapshot of the pair on the SRM thread, then runs the pure
 * {@link WhatIfEngine} on the caller's thread, so the SRM never waits for a simulation. Read
 * only: nothing here runs a command, stores or audits anything.
 */
final class WhatIfOps {
    private record Snapshot(GroupStatus status, SrmParameters parameters) {
    }

    private final SrmLoop loop;
    private final SrmView view;
    private final OnSrm onSrm;

    WhatIfOps(SrmLoop loop, OnSrm onSrm) {
        this.loop = loop;
        this.view = loop.view();
        this.onSrm = onSrm;
    }

    SimulationReport simulate(SimulateRequest r) {
        List<WhatIfFault> faults = faults(r); // bad input is refused before the SRM is asked anything
        Snapshot snap = onSrm.call(() -> new Snapshot(loop.buildStatus(), view.parameters()));
        WhatIfOutcome o;
        try {
            o = WhatIfEngine.run(start(snap), faults, r.getHorizonMs());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return report(o);
    }

    private List<WhatIfFault> faults(SimulateRequest r) {
        if (r.getFaultsCount() == 0) {
            throw invalid("give at least one fault to simulate");
        }
        if (r.getFaultsCount() > WhatIfEngine.MAX_FAULTS) {
            throw invalid(r.getFaultsCount() + " faults; at most " + WhatIfEngine.MAX_FAULTS + " per simulation");
        }
        List<String> nodes = view.shared().getConfiguration().getNodesList();
        List<WhatIfFault> out = new ArrayList<>();
        for (int i = 0; i < r.getFaultsCount(); i++) {
            Fault f = r.getFaults(i);
            String which = "fault " + (i + 1) + " (" + f.getKind() + ")";
            if (f.getKind() == FaultKind.FAULT_KIND_UNSPECIFIED || f.getKind() == FaultKind.UNRECOGNIZED) {
                throw invalid("fault " + (i + 1) + " has no kind; give one of " + kinds());
            }
            WhatIfFault.Kind kind = WhatIfFault.Kind.valueOf(f.getKind().name().substring("FAULT_".length()));
            String node = kind == WhatIfFault.Kind.MANUAL_RECOVERY && f.getNode().isBlank() ? view.self() : f.getNode();
            if (!kind.groupWide() && !node.isBlank() && !nodes.contains(node)) {
                throw invalid(which + " names node " + Inputs.quote(node) + "; the nodes of the group are "
                        + String.join(", ", nodes));
            }
            CriticalService service = null;
            if (kind.needsService() && !f.getService().isBlank()) {
                try {
                    service = CriticalService.parse(f.getService());
                } catch (IllegalArgumentException e) {
                    throw invalid(which + " names service " + Inputs.quote(f.getService()) + "; known: "
                            + java.util.Arrays.toString(CriticalService.values()));
                }
            }
            try {
                out.add(new WhatIfFault(kind, node, service, f.getAtMs()));
            } catch (IllegalArgumentException e) {
                throw invalid(which + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String kinds() {
        return java.util.Arrays.stream(FaultKind.values())
                .filter(k -> k != FaultKind.FAULT_KIND_UNSPECIFIED && k != FaultKind.UNRECOGNIZED)
                .map(Enum::name).toList().toString();
    }

    private WhatIfStart start(Snapshot s) {
        GroupStatus g = s.status();
        return new WhatIfStart(s.parameters(), g.getHaEnabled(), g.getMaintenanceMode(), view.self(),
                node(g.getNodes(0)), node(g.getNodes(1)));
    }

    private WhatIfStart.Node node(NodeReport n) {
        NodeState state = Protos.state(n.getStatus().getState());
        Reason reason = Protos.reason(n.getStatus().getReason());
        boolean running = n.getStatus().getReachable() && state != null && reason != null;
        Set<CriticalService> down = EnumSet.noneOf(CriticalService.class);
        for (CriticalServiceStatus c : n.getServicesList()) {
            if (!c.getRunning()) {
                for (CriticalService k : CriticalService.values()) {
                    if (k.name().equals(c.getId())) {
                        down.add(k);
                    }
                }
            }
        }
        return new WhatIfStart.Node(n.getStatus().getNode(), running, running ? state : NodeState.NORMAL,
                running ? reason : Reason.NORMAL, down, !n.hasDatabase() || n.getDatabase().getUp(), n.getHomeUsers());
    }

    private static SimulationReport report(WhatIfOutcome o) {
        SimulationReport.Builder b = SimulationReport.newBuilder().setStartRow(o.startRow()).setFinalRow(o.finalRow())
                .addAllRecommendedActions(o.recommendedActions()).addAllNotes(o.notes()).setSummary(o.summary());
        for (WhatIfOutcome.Step t : o.transitions()) {
            b.addTransitions(SimulatedTransition.newBuilder().setAtMs(t.atMs()).setNode(t.node())
                    .setFromState(Protos.state(t.from())).setToState(Protos.state(t.to()))
                    .setReason(Protos.reason(t.reason())).setSentence(t.sentence()).setTrigger(t.trigger()));
        }
        for (WhatIfOutcome.Row r : o.rows()) {
            b.addRows(ReachedRow.newBuilder().setAtMs(r.atMs()).setRow(r.row()).setNode1State(r.node1State())
                    .setNode2State(r.node2State()));
        }
        for (WhatIfOutcome.UsersMoved m : o.moves()) {
            b.addMoves(UserMove.newBuilder().setNode(m.node()).setKind(m.kind().name()).setUsers(m.users()));
        }
        return b.build();
    }
}
