package dev.tandem.agent.srm;

import java.util.List;

/**
 * The answer to one event: the transitions it caused, the commands to run in order, and
 * for a refused request the reason (then nothing changed and there are no commands).
 */
public record Decision(List<Transition> transitions, List<SrmCommand> commands, String refusal) {

    public Decision {
        transitions = List.copyOf(transitions);
        commands = List.copyOf(commands);
    }

    public static Decision refused(String why) {
        return new Decision(List.of(), List.of(), why);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public boolean changedState() {
        return !transitions.isEmpty();
    }
}
