package dev.tandem.console.whatif;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.Fault;
import dev.tandem.proto.admin.v1.FaultKind;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.ReachedRow;
import dev.tandem.proto.admin.v1.SimulateRequest;
import dev.tandem.proto.admin.v1.SimulatedTransition;
import dev.tandem.proto.admin.v1.SimulationReport;
import dev.tandem.proto.admin.v1.UserMove;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What-if (issue 15): the operator builds a fault sequence (kind, node, service, virtual time),
 * the selected group's agent simulates it (Simulate: the pair is not touched), and the outcome
 * shows as a timeline of transitions and rows, the users that would move and the recommended
 * action. No controls here; the call runs off the FX thread and its answer comes back on the UI
 * executor.
 */
public final class WhatIfViewModel {
    /** One line of the outcome's timeline: a state change or a matrix row reached, at its virtual time. */
    public record Entry(long atMs, String time, String what, String detail, boolean row) {
    }

    /** A fault kind as the chooser lists it: its words from the contract. */
    public record KindChoice(FaultKind kind, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** A critical service as the chooser lists it: its display name, sent by its id. */
    public record ServiceChoice(String id, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final ConsoleContext ctx;
    private final ObservableList<KindChoice> kinds = FXCollections.observableArrayList();
    private final ObservableList<String> nodes = FXCollections.observableArrayList();
    private final ObservableList<ServiceChoice> services = FXCollections.observableArrayList();
    private final ObjectProperty<KindChoice> kind = new SimpleObjectProperty<>();
    private final StringProperty node = new SimpleStringProperty();
    private final ObjectProperty<ServiceChoice> service = new SimpleObjectProperty<>();
    private final StringProperty atSeconds = new SimpleStringProperty("0");
    private final ObservableList<Fault> faults = FXCollections.observableArrayList();
    private final ObservableList<String> faultLines = FXCollections.observableArrayList();
    private final ObservableList<Entry> timeline = FXCollections.observableArrayList();
    private final ObservableList<String> moves = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper finalRow = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper recommended = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(
            "Choose a fault, add it, and run: the selected group's agent predicts what its pair would do. "
                    + "Nothing is done to the pair.");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty needsService = new SimpleBooleanProperty(false);
    private final BooleanProperty needsNode = new SimpleBooleanProperty(true);
    private GroupSource current;

    public WhatIfViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
        for (FaultKind k : FaultKind.values()) {
            if (k != FaultKind.FAULT_KIND_UNSPECIFIED && k != FaultKind.UNRECOGNIZED) {
                kinds.add(new KindChoice(k, Labels.faultKind(k)));
            }
        }
        kind.addListener((o, a, b) -> {
            needsService.set(b != null && (b.kind() == FaultKind.FAULT_CRITICAL_SERVICE_DOWN
                    || b.kind() == FaultKind.FAULT_CRITICAL_SERVICE_UP));
            needsNode.set(b == null || !groupWide(b.kind()));
        });
        kind.set(kinds.get(0));
    }

    static boolean groupWide(FaultKind k) {
        return k == FaultKind.FAULT_PARTITION || k == FaultKind.FAULT_PARTITION_HEALED || k == FaultKind.FAULT_HA_OFF;
    }

    public ObservableList<KindChoice> kinds() { return kinds; }
    public ObservableList<String> nodes() { return nodes; }
    public ObservableList<ServiceChoice> services() { return services; }
    public ObjectProperty<KindChoice> kindProperty() { return kind; }
    public StringProperty nodeProperty() { return node; }
    public ObjectProperty<ServiceChoice> serviceProperty() { return service; }
    public StringProperty atSecondsProperty() { return atSeconds; }
    public BooleanProperty needsServiceProperty() { return needsService; }
    public BooleanProperty needsNodeProperty() { return needsNode; }
    public ObservableList<String> faultLines() { return faultLines; }
    public ObservableList<Entry> timeline() { return timeline; }
    public ObservableList<String> moves() { return moves; }
    public ReadOnlyStringProperty finalRowProperty() { return finalRow.getReadOnlyProperty(); }
    public ReadOnlyStringProperty recommendedProperty() { return recommended.getReadOnlyProperty(); }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** Drain timer: the selected group's nodes and services feed the choosers. */
    public void refresh(GroupSource selected) {
        current = selected;
        List<String> names = new ArrayList<>();
        Map<String, String> svc = new LinkedHashMap<>();
        if (selected != null) {
            for (NodeReport n : selected.status().getNodesList()) {
                names.add(n.getStatus().getNode());
                for (CriticalServiceStatus c : n.getServicesList()) {
                    svc.putIfAbsent(c.getId(), c.getService().isBlank() ? c.getId() : c.getService());
                }
            }
        }
        if (!names.equals(nodes)) {
            nodes.setAll(names);
        }
        List<ServiceChoice> sc = svc.entrySet().stream().map(e -> new ServiceChoice(e.getKey(), e.getValue())).toList();
        if (!sc.equals(services)) {
            services.setAll(sc);
        }
        if (node.get() == null || !nodes.contains(node.get())) {
            node.set(nodes.isEmpty() ? null : nodes.get(0));
        }
        if (service.get() == null || !services.contains(service.get())) {
            service.set(services.isEmpty() ? null : services.get(0));
        }
    }

    /** Adds the chosen fault to the sequence; a choice that cannot be sent is explained and changes nothing. */
    public boolean addFault() {
        KindChoice k = kind.get();
        if (k == null) {
            message.set("Choose a kind of fault.");
            return false;
        }
        long atMs;
        try {
            double s = Double.parseDouble(Objects.requireNonNullElse(atSeconds.get(), "").trim());
            if (s < 0 || Double.isNaN(s) || Double.isInfinite(s)) {
                throw new NumberFormatException();
            }
            atMs = Math.round(s * 1000);
        } catch (NumberFormatException e) {
            message.set("The time must be a number of seconds, 0 or more (it is '" + atSeconds.get() + "').");
            return false;
        }
        Fault.Builder f = Fault.newBuilder().setKind(k.kind()).setAtMs(atMs);
        if (needsNode.get()) {
            if (node.get() == null) {
                message.set("Choose the node the fault happens to.");
                return false;
            }
            f.setNode(node.get());
        }
        if (needsService.get()) {
            if (service.get() == null) {
                message.set("Choose the critical service that goes down or up.");
                return false;
            }
            f.setService(service.get().id());
        }
        Fault built = f.build();
        faults.add(built);
        faultLines.add(describe(built));
        message.set(faults.size() + (faults.size() == 1 ? " fault" : " faults") + " ready; run to see the outcome.");
        return true;
    }

    public void clearFaults() {
        faults.clear();
        faultLines.clear();
    }

    String describe(Fault f) {
        String svc = services.stream().filter(s -> s.id().equals(f.getService())).map(ServiceChoice::label).findFirst()
                .orElse(f.getService());
        return "at " + time(f.getAtMs()) + ": " + Labels.faultKind(f.getKind())
                + (f.getNode().isEmpty() ? "" : " on " + f.getNode()) + (f.getService().isEmpty() ? "" : " (" + svc + ")");
    }

    /** Asks the selected group's agent; the outcome (or why not) arrives on the UI executor. */
    public CompletableFuture<SimulationReport> run() {
        GroupSource target = current;
        if (target == null || target.via() == null) {
            message.set("No group is selected: connect an agent first.");
            return CompletableFuture.failedFuture(new IllegalStateException("no group selected"));
        }
        if (faults.isEmpty() && !addFault()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no fault"));
        }
        SimulateRequest req = SimulateRequest.newBuilder().addAllFaults(faults).build();
        running.set(true);
        message.set("Simulating on " + target.via().address() + "…");
        CompletableFuture<SimulationReport> call = target.via().call((stub, obs) -> stub.simulate(req, obs));
        return call.whenCompleteAsync((r, err) -> {
            running.set(false);
            if (err != null) {
                message.set(Errors.explain(err, "What-if", target.via().address().toString()));
            } else {
                show(r);
                message.set("Predicted by " + target.via().address() + " on a copy of the pair; nothing was done to it.");
            }
        }, ctx.ui());
    }

    void show(SimulationReport r) {
        List<Entry> e = new ArrayList<>();
        for (SimulatedTransition t : r.getTransitionsList()) {
            e.add(new Entry(t.getAtMs(), "+" + time(t.getAtMs()), t.getNode() + ": " + Labels.state(t.getFromState())
                    + " \u2192 " + Labels.state(t.getToState()) + " (" + Labels.reason(t.getReason()) + ")",
                    t.getSentence(), false));
        }
        for (ReachedRow w : r.getRowsList()) {
            if (!w.getRow().isEmpty()) {
                e.add(new Entry(w.getAtMs(), "+" + time(w.getAtMs()), "Row " + w.getRow(),
                        w.getNode1State() + "  |  " + w.getNode2State(), true));
            }
        }
        // rows after the transitions of the same moment: a row is where those changes lead
        e.sort(java.util.Comparator.comparingLong(Entry::atMs).thenComparing(Entry::row));
        timeline.setAll(e);
        moves.setAll(r.getMovesList().stream().map(WhatIfViewModel::move).toList());
        if (moves.isEmpty()) {
            moves.add("No user would move.");
        }
        finalRow.set(r.getFinalRow().isEmpty() ? "no matrix row" : r.getFinalRow());
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.getRecommendedActionsCount(); i++) {
            b.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(r.getRecommendedActions(i));
        }
        recommended.set(b.length() == 0 ? "None needed." : b.toString());
        StringBuilder s = new StringBuilder(r.getSummary());
        for (String n : r.getNotesList()) {
            s.append("\nNote: ").append(n);
        }
        summary.set(s.toString());
    }

    private static String move(UserMove m) {
        return m.getNode() + " " + moveWords(m.getKind()) + ": " + m.getUsers() + (m.getUsers() == 1 ? " user" : " users");
    }

    /** The SRM's move kinds in words. */
    static String moveWords(String kind) {
        return switch (kind) {
            case "TAKE_OVER" -> "takes over its peer's users";
            case "HAND_OVER" -> "hands its users over";
            case "TAKE_BACK" -> "takes its users back";
            case "GIVE_BACK" -> "gives the peer's users back";
            case "TAKE_ALL" -> "takes every user";
            case "GIVE_ALL" -> "lets every user go";
            case "RESET_TO_HOME" -> "serves exactly its own users";
            default -> kind;
        };
    }

    static String time(long ms) {
        return dev.tandem.contract.VirtualTime.words(ms);
    }
}
