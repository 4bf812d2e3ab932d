package dev.tandem.console.profile;

import dev.tandem.console.connection.AgentAddress;
import java.util.List;

/**
 * A saved console setup (RTMT-style profile): the agents, the credential to present, the
 * selected group, the open view, whether the fleet/agent pane is shown, and the charts' window,
 * extra counters and table mode. Null fields were not in the file: the console keeps its default.
 */
public record Profile(List<AgentAddress> agents, String pki, String as, Boolean insecure, String group, String view,
                      Boolean agentsShown, Long chartWindowMs, List<String> chartCounters, Boolean chartTable) {
    public Profile {
        agents = List.copyOf(agents);
        chartCounters = chartCounters == null ? null : List.copyOf(chartCounters);
    }

    public static Profile agentsOnly(List<AgentAddress> agents) {
        return new Profile(agents, null, null, null, null, null, null, null, null, null);
    }
}
