package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.ReachedRow;
import dev.tandem.proto.admin.v1.SimulateRequest;
import dev.tandem.proto.admin.v1.SimulatedTransition;
import dev.tandem.proto.admin.v1.SimulationReport;
import dev.tandem.proto.admin.v1.UserMove;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `tandemctl simulate`: what-if (Simulate) on a copy of the pair; the pair itself is not touched. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"What if: runs both nodes' SRM on a copy of the pair with the faults given, on a virtual "
                + "clock, and prints the timeline, the matrix rows, the users that would move and the recommended "
                + "action. Nothing is done to the pair.",
                "Faults: KIND[:NODE[:SERVICE]][@TIME], TIME after the start (0, 500ms, 30s, 2m). KIND: node-lost, "
                        + "shutdown, service-down, service-up, db-fail, db-restore, partition, partition-heal, failover, "
                        + "fallback, recovery, ha-off, params-differ, restart."},
        footer = {"", "Example: tandemctl simulate --fault service-down:imp-node-1:SYNC_AGENT@0 --fault db-fail:imp-node-2@30s"})
final class WhatIfCmd extends TandemCtl.Sub {
    @Option(names = {"-f", "--fault"}, required = true, paramLabel = "KIND[:NODE[:SERVICE]][@TIME]",
            description = "a fault to inject (repeatable; applied in time order)")
    List<String> faults;
    @Option(names = "--horizon", paramLabel = "TIME", description = "how long to run (default: the last fault plus 10m)")
    String horizon;
    @Option(names = {"-o", "--output"}, description = "text (default) or json")
    String output = "text";

    @Override
    int run() {
        SimulateRequest.Builder r = SimulateRequest.newBuilder();
        for (String f : faults) {
            r.addFaults(WhatIfFaultSpec.parse(f));
        }
        if (horizon != null) {
            r.setHorizonMs(WhatIfFaultSpec.millis(horizon, "--horizon " + horizon));
        }
        SimulationReport rep = root.stub().simulate(r.build());
        if (output.equals("json")) {
            root.out().println(TandemCtl.json(rep));
            return TandemCtl.OK;
        }
        List<String> nodes = root.stub().getConfiguration(GetConfigurationRequest.getDefaultInstance()).getNodesList();
        print(root.out(), rep, nodes);
        return TandemCtl.OK;
    }

    static void print(PrintWriter out, SimulationReport rep, List<String> nodes) {
        out.println("What-if (nothing was done to the pair); the copy starts in "
                + (rep.getStartRow().isEmpty() ? "no matrix row" : rep.getStartRow()));
        out.println("Timeline:");
        if (rep.getTransitionsCount() == 0) {
            out.println("  (no state changes)");
        }
        for (SimulatedTransition t : rep.getTransitionsList()) {
            out.printf("  %9s  %-12s %s -> %s (%s)%n             %s%n", "+" + time(t.getAtMs()), t.getNode(),
                    TandemCtl.label(t.getFromState()), TandemCtl.label(t.getToState()), TandemCtl.label(t.getReason()),
                    t.getSentence());
        }
        out.println("Rows (" + (nodes.size() > 0 ? nodes.get(0) : "node 1") + " | "
                + (nodes.size() > 1 ? nodes.get(1) : "node 2") + "; - = between rows):");
        for (ReachedRow w : rep.getRowsList()) {
            out.printf("  %9s  %-4s %s | %s%n", "+" + time(w.getAtMs()), w.getRow().isEmpty() ? "-" : w.getRow(),
                    w.getNode1State(), w.getNode2State());
        }
        out.println("Users that would move:" + (rep.getMovesCount() == 0 ? " none" : ""));
        for (UserMove m : rep.getMovesList()) {
            out.printf("  %-12s %-14s %d%n", m.getNode(), m.getKind(), m.getUsers());
        }
        out.println("Final row: " + (rep.getFinalRow().isEmpty() ? "none" : rep.getFinalRow()));
        out.println("Recommended action:" + (rep.getRecommendedActionsCount() == 0 ? " none" : ""));
        int i = 1;
        for (String a : rep.getRecommendedActionsList()) {
            out.println("  " + i++ + ". " + a);
        }
        for (String n : rep.getNotesList()) {
            out.println("Note: " + n);
        }
        out.println(rep.getSummary());
    }

    /** Virtual time: "0 ms", "300 ms", "1.5 s", "2 min 5 s". */
    static String time(long ms) {
        return dev.tandem.contract.VirtualTime.words(ms);
    }
}
