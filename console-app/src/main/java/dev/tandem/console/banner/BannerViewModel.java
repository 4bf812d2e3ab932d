package dev.tandem.console.banner;

import dev.tandem.console.connection.AgentConnection;
import dev.tandem.console.connection.ConnectionState;
import dev.tandem.console.connection.GroupSource;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one status line at the top of the window: the worst finding of every group, in the
 * worst finding's colour, and the rest one hover away. Driven only by what the agents report.
 */
public final class BannerViewModel {
    private final ReadOnlyObjectWrapper<BannerLevel> level = new ReadOnlyObjectWrapper<>(BannerLevel.INFO);
    private final ReadOnlyStringWrapper sentence = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    static final int MAX_SENTENCE = 220;
    private String starting = "";

    public ReadOnlyObjectProperty<BannerLevel> levelProperty() {
        return level.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sentenceProperty() {
        return sentence.getReadOnlyProperty();
    }

    /** Every finding, one a line (tooltip). */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** What the console is doing before any agent answered, e.g. "Starting the demo pair…". */
    public void setStarting(String text) {
        starting = text == null ? "" : text;
    }

    /** One line of at most {@link #MAX_SENTENCE} characters: the banner is a headline, the tooltip has the rest. */
    static String headline(String s) {
        String first = s.lines().findFirst().orElse("").strip();
        return first.length() <= MAX_SENTENCE ? first : first.substring(0, MAX_SENTENCE - 1) + "…";
    }

    public void refresh(List<GroupSource> groups, List<AgentConnection> agents, long now) {
        List<Finding> all = new ArrayList<>();
        for (GroupSource g : groups) {
            all.addAll(BannerFindings.of(g, now));
        }
        if (all.isEmpty()) {
            all.add(noData(agents));
        }
        all.sort((a, b) -> b.level().compareTo(a.level()));
        Finding worst = all.get(0);
        long more = all.stream().filter(f -> f != worst && f.level() != BannerLevel.OK).count();
        level.set(worst.level());
        sentence.set(headline(worst.sentence()) + (more > 0 ? "  (+" + more + " more)" : ""));
        details.set(String.join("\n", all.stream().map(f -> f.level() + ": " + f.sentence()).toList()));
    }

    private Finding noData(List<AgentConnection> agents) {
        if (agents.isEmpty()) {
            return new Finding(BannerLevel.INFO, starting.isBlank()
                    ? "No agent: add one (host:port) in the agent list" : starting);
        }
        List<String> failing = new ArrayList<>();
        for (AgentConnection c : agents) {
            if (c.snapshot().state() != ConnectionState.CONNECTING && c.snapshot().state() != ConnectionState.CONNECTED) {
                failing.add(c.address() + " (" + c.snapshot().state().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        if (!failing.isEmpty()) {
            return new Finding(BannerLevel.CRITICAL, "No agent answers: " + String.join(", ", failing)
                    + " — check that the agent runs and the address is right");
        }
        return new Finding(BannerLevel.INFO, "Connecting to " + agents.stream().map(a -> a.address().toString())
                .reduce((a, b) -> a + ", " + b).orElse("") + "…");
    }
}
