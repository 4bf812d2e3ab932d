package dev.tandem.console.actions;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.Names;
import dev.tandem.console.util.StateSignature;
import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.CheckActionRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import dev.tandem.proto.admin.v1.RefusedAction;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.ha.v1.StateKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Manual failover, fallback and recovery. Offers exactly what the agent's
 * {@code offered_actions} offers; confirms with the agent's words and the number of users
 * affected; then follows the group through its transitional states to the outcome, or shows
 * the agent's error.
 */
public final class ActionsViewModel {
    private static final long TRACK_LIMIT_MS = 10 * 60_000;
    /** How long the confirmation waits for the agent's pre-flight checks before it opens without them. */
    static final long PREFLIGHT_WAIT_MS = 2_000;

    private final ConsoleContext ctx;
    private final ObservableList<NodeActions> nodes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<OfferedAction> recovery = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper recoveryRefusal = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper outcomeIsError = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper rawError = new ReadOnlyStringWrapper("");
    private GroupSource current;
    private Tracking tracking;
    /** The group's state when the outcome was shown; the outcome clears when it changes. */
    private String outcomeSignature;

    public ActionsViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    public ObservableList<NodeActions> nodes() {
        return nodes;
    }

    public ReadOnlyObjectProperty<OfferedAction> recoveryProperty() {
        return recovery.getReadOnlyProperty();
    }

    /** Why Recovery is not offered, in the agent's words ("" when it is). */
    public ReadOnlyStringProperty recoveryRefusalProperty() {
        return recoveryRefusal.getReadOnlyProperty();
    }

    /** True from the request until the outcome: no second action meanwhile. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty outcomeIsErrorProperty() {
        return outcomeIsError.getReadOnlyProperty();
    }

    /** Drain timer: the selected group's offers and the progress of a running action. */
    public void refresh(GroupSource selected, long now) {
        current = selected;
        List<NodeActions> fresh = new ArrayList<>();
        OfferedAction rec = null;
        if (selected != null && selected.live()) {
            GroupStatus s = selected.status();
            for (NodeReport r : s.getNodesList()) {
                String node = r.getStatus().getNode();
                fresh.add(new NodeActions(node, offer(s, Action.FAILOVER, node), offer(s, Action.FALLBACK, node),
                        refusal(s, Action.FAILOVER, node, r), refusal(s, Action.FALLBACK, node, r)));
            }
            rec = s.getOfferedActionsList().stream().filter(a -> a.getAction() == Action.RECOVERY).findFirst()
                    .orElse(null);
        } else if (selected != null) {
            // stale data: nothing is offered by an agent we cannot reach
            for (NodeReport r : selected.status().getNodesList()) {
                String why = "Nothing is offered: the agent " + selected.via().address() + " does not answer, so its"
                        + " data may be old.";
                fresh.add(new NodeActions(r.getStatus().getNode(), Optional.empty(), Optional.empty(), why, why));
            }
        }
        if (!fresh.equals(nodes)) {
            nodes.setAll(fresh);
        }
        recovery.set(rec);
        String recWhy = "";
        if (rec == null && selected != null) {
            recWhy = selected.status().getRefusedActionsList().stream().filter(a -> a.getAction() == Action.RECOVERY)
                    .map(a -> a.getRefusal()).distinct().reduce((a, b) -> a + "\n" + b).orElse("");
        }
        recoveryRefusal.set(recWhy);
        if (tracking != null && tracking.accepted && selected != null) {
            follow(selected.status(), now);
        } else if (outcomeSignature != null && selected != null
                && !outcomeSignature.equals(StateSignature.of(selected.status()))) {
            outcome.set("");
            outcomeIsError.set(false);
            rawError.set("");
            outcomeSignature = null;
        }
    }

    /** The agent's own sentence for why an action is not offered on a node ("" when it is offered). */
    private static String refusal(GroupStatus s, Action action, String node, NodeReport r) {
        if (offer(s, action, node).isPresent()) {
            return "";
        }
        if (!r.getStatus().getReachable()) {
            return Names.action(action) + " is not offered: " + node + " is unreachable from " + s.getReporter() + ".";
        }
        return s.getRefusedActionsList().stream().filter(a -> a.getAction() == action && a.getNode().equals(node))
                .map(RefusedAction::getRefusal).findFirst()
                .orElse(Names.action(action) + " is not offered now (the agent gave no reason).");
    }

    private static Optional<OfferedAction> offer(GroupStatus s, Action action, String node) {
        return s.getOfferedActionsList().stream()
                .filter(a -> a.getAction() == action && a.getNode().equals(node)).findFirst();
    }

    /** What the confirmation dialog says. */
    public Confirmation confirmation(OfferedAction a) {
        return confirmation(a, Optional.empty());
    }

    /** What the confirmation dialog says, with the agent's pre-flight checks when it answered them. */
    public Confirmation confirmation(OfferedAction a, Optional<PreflightReport> checks) {
        String what = Names.action(a.getAction());
        String target = a.getAction() == Action.RECOVERY ? "group " + groupName() : "node " + a.getNode();
        String body = (a.getDescription().isBlank() ? what + " of " + target + "." : a.getDescription())
                + "\n\nUsers affected: " + String.format("%,d", a.getUsersAffected())
                + checks.map(ActionsViewModel::checksText).orElse("")
                + "\nSent to agent " + (current == null ? "?" : current.via().address()) + " as " + ctx.actor() + ".";
        return new Confirmation(what + " " + target + "?", what + " " + target, body);
    }

    /**
     * The agent's pre-flight checks of the action (CheckAction, read-only), completed on the UI
     * executor; empty when the agent does not answer in {@link #PREFLIGHT_WAIT_MS} or is older
     * than the RPC, so the confirmation never waits long and never depends on it.
     */
    public CompletableFuture<Optional<PreflightReport>> preflight(OfferedAction a) {
        GroupSource target = current;
        if (target == null || target.via() == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        CheckActionRequest req = CheckActionRequest.newBuilder().setAction(a.getAction()).setNode(a.getNode()).build();
        CompletableFuture<PreflightReport> call = target.via().call((stub, obs) -> stub.checkAction(req, obs));
        return call.orTimeout(PREFLIGHT_WAIT_MS, TimeUnit.MILLISECONDS)
                .handle((r, err) -> err == null ? Optional.of(r) : Optional.<PreflightReport>empty())
                .thenApplyAsync(o -> o, ctx.ui());
    }

    /** "Pre-flight checks by the agent:" then one line per check, failing blocking ones marked. */
    static String checksText(PreflightReport r) {
        StringBuilder b = new StringBuilder("\n\nPre-flight checks by the agent:");
        for (Precondition c : r.getChecksList()) {
            b.append("\n").append(c.getPassed() ? "\u2713 " : c.getBlocking() ? "\u2717 " : "! ").append(c.getSentence());
        }
        if (!r.getWouldBeAccepted() && !r.getRefusal().isBlank()) {
            b.append("\nThe agent would refuse it now: ").append(r.getRefusal());
        }
        return b.toString();
    }

    /** Sends the action. Results come back on the UI executor. An action the console cannot send changes nothing. */
    public CompletableFuture<ActionReply> execute(OfferedAction a) {
        if (current == null || busy.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("no group selected or busy"));
        }
        GroupSource target = current;
        Supplier<CompletableFuture<ActionReply>> send;
        try {
            send = sender(target, a);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String label = Names.action(a.getAction()) + (a.getAction() == Action.RECOVERY ? " of " + groupName()
                : " of " + a.getNode());
        tracking = new Tracking(label, before(target.status()), System.currentTimeMillis());
        busy.set(true);
        outcome.set("");
        outcomeIsError.set(false);
        rawError.set("");
        progress.set(label + ": sending to " + target.via().address() + "…");
        CompletableFuture<ActionReply> call = send.get();
        call.whenCompleteAsync((reply, err) -> {
            if (err != null) {
                finish(explain(err, label, target.via().address().toString()), true);
            } else if (!reply.getAccepted()) {
                finish(label + " refused: " + reply.getMessage(), true);
            } else {
                tracking.accepted = true;
                if (reply.hasStatus() && reply.getStatus().getKind() == StateKind.TRANSITIONAL) {
                    tracking.sawTransitional = true;
                }
                progress.set(label + " accepted" + (reply.getMessage().isBlank() ? "" : ": " + reply.getMessage())
                        + ". Waiting for the states to settle…");
            }
        }, ctx.ui());
        return call;
    }

    /** The raw detail of the last error shown ("" when none), for the Details link. */
    public ReadOnlyStringProperty rawErrorProperty() {
        return rawError.getReadOnlyProperty();
    }

    private String explain(Throwable err, String what, String where) {
        rawError.set(Errors.describe(err));
        return Errors.explain(err, what, where);
    }

    /** The RPC of each action: no default, so a new Action in admin.proto does not compile here until mapped. */
    private Supplier<CompletableFuture<ActionReply>> sender(GroupSource target, OfferedAction a) {
        return switch (a.getAction()) {
            case FAILOVER -> () -> {
                NodeActionRequest r = nodeRequest(a);
                return ctx.send(target.via(), target.group(), TandemctlCommands.failover(r), (stub, obs) -> stub.failover(r, obs));
            };
            case FALLBACK -> () -> {
                NodeActionRequest r = nodeRequest(a);
                return ctx.send(target.via(), target.group(), TandemctlCommands.fallback(r), (stub, obs) -> stub.fallback(r, obs));
            };
            case RECOVERY -> () -> {
                GroupActionRequest r = GroupActionRequest.newBuilder().setGroup(target.group()).setActor(ctx.actor()).build();
                return ctx.send(target.via(), target.group(), TandemctlCommands.recover(r), (stub, obs) -> stub.recover(r, obs));
            };
            case ACTION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(
                    "the console cannot send the action " + a.getAction() + " (not one of the agent's offers)");
        };
    }

    private NodeActionRequest nodeRequest(OfferedAction a) {
        return NodeActionRequest.newBuilder().setNode(a.getNode()).setActor(ctx.actor()).build();
    }

    private void follow(GroupStatus s, long now) {
        List<String> parts = new ArrayList<>();
        boolean anyTransitional = false;
        boolean changed = false;
        for (NodeReport r : s.getNodesList()) {
            NodeStatus n = r.getStatus();
            boolean transitional = n.getKind() == StateKind.TRANSITIONAL;
            anyTransitional |= transitional;
            changed |= tracking.before.getOrDefault(n.getNode(), n.getState()) != n.getState();
            parts.add(n.getNode() + ": " + (n.getReachable() ? Names.state(n.getState()) + " / "
                    + Names.reason(n.getReason()) : "unreachable"));
        }
        tracking.sawTransitional |= anyTransitional;
        String states = String.join("  ·  ", parts);
        // done once the status holds still for a tick: the states settle first, and what follows them at
        // once (a node going Idle stops its critical services just after) would clear the outcome at once
        String signature = StateSignature.of(s);
        boolean steady = signature.equals(tracking.lastSignature);
        tracking.lastSignature = signature;
        if (anyTransitional) {
            progress.set(tracking.label + " in progress — " + states);
        } else if ((tracking.sawTransitional || changed) && !steady) {
            progress.set(tracking.label + " settling — " + states);
        } else if (tracking.sawTransitional || changed) {
            String row = s.getMatrix().getMatched() ? " (matrix row " + s.getMatrix().getRow().getId() + ")" : "";
            finish(tracking.label + " done — " + states + row, false);
        } else if (now - tracking.startedAt > TRACK_LIMIT_MS) {
            finish(tracking.label + ": accepted, but the states did not change — " + states, true);
        }
    }

    private void finish(String text, boolean error) {
        progress.set("");
        outcome.set(text);
        outcomeIsError.set(error);
        outcomeSignature = current == null ? null : StateSignature.of(current.status());
        busy.set(false);
        tracking = null;
    }

    private static Map<String, NodeState> before(GroupStatus s) {
        Map<String, NodeState> m = new HashMap<>();
        s.getNodesList().forEach(r -> m.put(r.getStatus().getNode(), r.getStatus().getState()));
        return m;
    }

    private String groupName() {
        return current == null ? "" : current.group();
    }

    /** The failover and fallback the agent offers for one node now (empty = not offered). */
    public record NodeActions(String node, Optional<OfferedAction> failover, Optional<OfferedAction> fallback,
                              String failoverRefusal, String fallbackRefusal) {
        /** What the row says: the offered action's description, else why neither is offered. */
        public String hint() {
            return failover.or(() -> fallback).map(OfferedAction::getDescription)
                    .orElse(failoverRefusal.isBlank() ? fallbackRefusal
                            : fallbackRefusal.isBlank() || fallbackRefusal.equals(failoverRefusal) ? failoverRefusal
                            : failoverRefusal + "\n" + fallbackRefusal);
        }
    }

    /** Title, header and text of the confirmation dialog. */
    public record Confirmation(String title, String header, String body) {
    }

    private static final class Tracking {
        final String label;
        final Map<String, NodeState> before;
        final long startedAt;
        boolean accepted;
        boolean sawTransitional;
        String lastSignature;

        Tracking(String label, Map<String, NodeState> before, long startedAt) {
            this.label = label;
            this.before = before;
            this.startedAt = startedAt;
        }
    }
}
