package dev.tandem.console.overview;

import dev.tandem.console.util.StateIcon;

/** One node as the overview shows it; all texts come from the agent's report. */
public record NodeCard(String name, StateIcon icon, String state, String reason, String since, String sentence,
                       String address, String users, boolean reachable) {
}
