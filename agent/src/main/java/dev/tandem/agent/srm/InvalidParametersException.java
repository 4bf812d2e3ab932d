package dev.tandem.agent.srm;

import java.util.List;

/** Parameters that break a rule of ha-behaviour.md §4; the message lists every problem. */
public final class InvalidParametersException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidParametersException(List<String> problems) {
        super("invalid parameters: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
