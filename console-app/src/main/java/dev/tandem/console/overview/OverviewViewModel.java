package dev.tandem.console.overview;

import dev.tandem.console.connection.GroupDirectory;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.console.util.StateIcon;
import dev.tandem.contract.Heartbeat;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.admin.v1.MatrixMatch;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Every group and node as the agents report them. It renders the agent's words (state, reason,
 * sentence, matrix row, cause, recommended actions) and never re-derives HA meaning.
 */
public final class OverviewViewModel {

    private final GroupDirectory directory;
    private final ObservableList<GroupCard> groups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper("");

    public OverviewViewModel(GroupDirectory directory) {
        this.directory = directory;
    }

    public ObservableList<GroupCard> groups() {
        return groups;
    }

    /** What the pane says while there is no group: connecting, starting the demo, or no agent. */
    public ReadOnlyStringProperty emptyTextProperty() {
        return emptyText.getReadOnlyProperty();
    }

    public void setEmptyText(String text) {
        emptyText.set(text);
    }

    /** Every group's card (no group selected yet). */
    public void refresh(long now) {
        refresh(now, null);
    }

    /** The selected group's card (every view follows the group selected in the fleet tree); all when none is. */
    public void refresh(long now, GroupSource selected) {
        List<GroupCard> fresh = selected != null ? List.of(card(selected, now))
                : directory.groups().stream().map(g -> card(g, now)).toList();
        if (!fresh.equals(groups)) {
            groups.setAll(fresh);
        }
    }

    static GroupCard card(GroupSource src, long now) {
        GroupStatus s = src.status();
        List<NodeCard> nodes = s.getNodesList().stream().map(n -> node(n, now)).toList();
        MatrixMatch m = s.getMatrix();
        String id;
        String row;
        String cause;
        List<String> steps = new ArrayList<>();
        if (m.getMatched()) {
            id = m.getRow().getId();
            // the row's state patterns are in the Matrix tab; here the nodes' actual states say it
            row = "node 1 = " + m.getNode1();
            cause = m.getRow().getCause();
            List<String> actions = m.getRow().getRecommendedActionsList();
            for (int i = 0; i < actions.size(); i++) {
                steps.add((i + 1) + ". " + actions.get(i));
            }
            if (actions.isEmpty()) {
                steps.add("No action needed.");
            }
        } else {
            id = "—";
            row = "no matrix row matches";
            cause = m.getExplanation().isBlank() ? "The agent matched no row of the state matrix." : m.getExplanation();
        }
        String source = src.live()
                ? "live from " + src.via().address() + " (reported by " + s.getReporter() + ")"
                : "AGENT UNREACHABLE — data from " + src.via().address() + " is "
                  + Ages.duration(now - src.lastDataAtMs()) + " old";
        HeartbeatHealth hb = s.getHeartbeat();
        boolean rttWarn = hb.getPeerSeen() && Heartbeat.overRoundTripLimit(hb.getRoundTripMs());
        return new GroupCard(s.getGroup(), s.getDescription(),
                s.getHaEnabled() ? "HA enabled" : "HA NOT enabled", source, src.live(), s.getProblem(),
                nodes, id, row, cause, List.copyOf(steps), heartbeat(hb), rttWarn);
    }

    static NodeCard node(NodeReport r, long now) {
        NodeStatus n = r.getStatus();
        String users = "home users " + r.getHomeUsers() + ", serving " + r.getServedUsers();
        if (!n.getReachable()) {
            return new NodeCard(n.getNode(), StateIcon.UNKNOWN, "— (unreachable)", "", "",
                    n.getSentence().isBlank() ? "The reporting agent cannot see this node." : n.getSentence(),
                    r.getAddress(), users, false);
        }
        return new NodeCard(n.getNode(), StateIcon.of(n), Names.state(n.getState()), Names.reason(n.getReason()),
                Ages.since(n.getSince(), now), n.getSentence(), r.getAddress(), users, true);
    }

    static String heartbeat(HeartbeatHealth hb) {
        if (!hb.getPeerSeen()) {
            return "Heartbeat: peer not seen; missed " + hb.getMissed() + ", timeout " + Ages.duration(hb.getTimeoutMs());
        }
        String text = String.format("Heartbeat: round trip %.1f ms · last beat %s ago of %s timeout · missed %d",
                hb.getRoundTripMs(), Ages.duration(hb.getSinceLastMs()), Ages.duration(hb.getTimeoutMs()),
                hb.getMissed());
        if (Heartbeat.overRoundTripLimit(hb.getRoundTripMs())) {
            text += String.format("  ⚠ round trip over %.0f ms (WAN limit)", Heartbeat.ROUND_TRIP_LIMIT_MS);
        }
        if (!hb.getParametersMatch()) {
            text += "  ⚠ parameters differ from the peer's";
        }
        return text;
    }
}
