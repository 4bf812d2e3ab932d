package dev.tandem.agent.srm;

/** One state change, with its trigger and the sentence that explains it to an operator. */
public record Transition(
        String node,
        NodeState from,
        Reason fromReason,
        NodeState to,
        Reason reason,
        String trigger,
        String sentence,
        long atMs) {
}
