package dev.tandem.console.commands;

/**
 * One request the console sent: when, to which agent (host:port) and group, what it is called,
 * the equivalent tandemctl line, and its outcome ("" while no answer came yet).
 */
public record CommandEntry(long id, long at, String agent, String group, String label, String line, String outcome,
                           boolean failed) {
    CommandEntry withOutcome(String text, boolean error) {
        return new CommandEntry(id, at, agent, group, label, line, text, error);
    }
}
