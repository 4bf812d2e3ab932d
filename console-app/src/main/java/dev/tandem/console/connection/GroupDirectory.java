package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.GroupStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups known from all agents. Both agents of a pair report the same group: the one that is
 * connected wins, then the freshest. A group whose agents all went away stays, marked stale.
 */
public final class GroupDirectory {
    private final AgentRegistry registry;

    public GroupDirectory(AgentRegistry registry) {
        this.registry = registry;
    }

    public List<GroupSource> groups() {
        Map<String, GroupSource> best = new LinkedHashMap<>();
        for (AgentConnection c : registry.connections()) {
            GroupStatus s = c.status();
            if (s == null) {
                continue;
            }
            ConnectionSnapshot snap = c.snapshot();
            GroupSource candidate = new GroupSource(s.getGroup(), s, c,
                    snap.state() == ConnectionState.CONNECTED, snap.lastDataAtMs());
            best.merge(s.getGroup(), candidate, GroupDirectory::better);
        }
        List<GroupSource> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparing(GroupSource::group));
        return out;
    }

    public Optional<GroupSource> group(String name) {
        return groups().stream().filter(g -> g.group().equals(name)).findFirst();
    }

    /**
     * a came from an agent added earlier than b. A live agent wins over an unreachable one; of two
     * live ones the first added stays the source, so the overview does not switch its reporter
     * (and its view of a transition) back and forth with every sample; of two stale ones, the freshest.
     */
    private static GroupSource better(GroupSource a, GroupSource b) {
        if (a.live() != b.live()) {
            return a.live() ? a : b;
        }
        if (a.live()) {
            return a;
        }
        return a.lastDataAtMs() >= b.lastDataAtMs() ? a : b;
    }
}
