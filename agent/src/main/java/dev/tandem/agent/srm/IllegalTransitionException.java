package dev.tandem.agent.srm;

/** The machine tried a change the transition table forbids: a bug, never an operator error. */
public final class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(NodeState from, NodeState to, String trigger) {
        super("illegal SRM transition " + from + " -> " + to + " on " + trigger
                + " (allowed from " + from + ": " + Transitions.allowedFrom(from) + ")");
    }
}
