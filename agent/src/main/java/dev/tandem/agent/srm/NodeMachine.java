package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.INITIALIZING;
import static dev.tandem.agent.srm.NodeState.RUNNING_IN_FAILED_MODE;

import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's state and reason, and what the event being handled has produced so far (its
 * transitions and commands, in order). Every change is checked against {@link Transitions}.
 */
final class NodeMachine {
    /** Told of every state entered, right after the transition is recorded. */
    interface Listener {
        void entered(NodeState to, Reason reason);
    }

    private final NodeSetup setup;
    private Listener listener = (to, reason) -> { };
    private NodeState state = INITIALIZING;
    private Reason reason = Reason.INITIALIZATION;
    private long sinceMs;
    private String sentence = "not started";
    private long now = Long.MIN_VALUE;
    private List<Transition> transitions = new ArrayList<>();
    private List<SrmCommand> commands = new ArrayList<>();

    NodeMachine(NodeSetup setup) {
        this.setup = setup;
    }

    void listener(Listener l) {
        listener = l;
    }

    NodeState state() {
        return state;
    }

    Reason reason() {
        return reason;
    }

    long sinceMs() {
        return sinceMs;
    }

    String sentence() {
        return sentence;
    }

    long now() {
        return now;
    }

    /** Starts handling one event at {@code nowMs}: nothing produced yet. */
    void begin(long nowMs) {
        now = nowMs;
        transitions = new ArrayList<>();
        commands = new ArrayList<>();
    }

    List<Transition> transitions() {
        return transitions;
    }

    List<SrmCommand> commands() {
        return commands;
    }

    int transitionCount() {
        return transitions.size();
    }

    void command(SrmCommand c) {
        commands.add(c);
    }

    void alert(AlertType type, String text) {
        commands.add(new RaiseAlert(type, text));
    }

    void alert(AlertType type, String text, String subject) {
        commands.add(new RaiseAlert(type, text, subject));
    }

    /** Something worth saying happened without a state change (e.g. an action held back). */
    void note(String why) {
        sentence = why;
    }

    /** The SRM process started: Initializing, as it already is, with a sentence that says so. */
    void started(String why) {
        sinceMs = now;
        sentence = why;
        transitions.add(new Transition(setup.node(), INITIALIZING, Reason.INITIALIZATION, INITIALIZING,
                Reason.INITIALIZATION, "Started", why, now));
    }

    void fail(Reason r, String trigger, String why) {
        transition(RUNNING_IN_FAILED_MODE, r, trigger, why);
        alert(AlertType.SRM_FAILED, setup.node() + " is running in failed mode: " + why);
    }

    /**
     * Moves to {@code to}. A change the table forbids is a bug: it throws in strict mode (and
     * always when even failing is forbidden), else the node fails with reason Unknown (M21).
     */
    void transition(NodeState to, Reason r, String trigger, String why) {
        if (!Transitions.isAllowed(state, to)) {
            IllegalTransitionException e = new IllegalTransitionException(state, to, trigger);
            if (setup.strict() || to == RUNNING_IN_FAILED_MODE) {
                throw e;
            }
            to = RUNNING_IN_FAILED_MODE;
            r = Reason.UNKNOWN;
            why = "internal error (" + e.getMessage() + "); recovery needed";
        }
        transitions.add(new Transition(setup.node(), state, reason, to, r, trigger, why, now));
        state = to;
        reason = r;
        sinceMs = now;
        sentence = why;
        listener.entered(to, r);
    }

    /**
     * Changes only the reason, in the same state (the store gate, issue 11: Normal or Failed Over
     * because a resync is pending, and back). Recorded and persisted like a transition; the
     * table of {@link Transitions} is about states, and the state does not change.
     */
    void changeReason(Reason r, String trigger, String why) {
        transitions.add(new Transition(setup.node(), state, reason, state, r, trigger, why, now));
        reason = r;
        sinceMs = now;
        sentence = why;
        listener.entered(state, r);
    }
}
