package dev.tandem.console;

import dev.tandem.console.util.Glyphs;
import java.util.Map;
import javafx.scene.control.TabPane;

/** An icon on each known tab, found by the tab's id (tabs added later without an entry keep none). */
final class TabGlyphs {
    private static final Map<String, Glyphs> BY_TAB = Map.of(
            "tab-overview", Glyphs.OVERVIEW,
            "tab-matrix", Glyphs.MATRIX,
            "tab-charts", Glyphs.CHARTS,
            "tab-actions-and-services", Glyphs.ACTIONS,
            "tab-configuration", Glyphs.CONFIGURATION,
            "tab-alerts", Glyphs.ALERTS,
            "tab-history", Glyphs.HISTORY,
            "tab-users", Glyphs.USERS,
            "tab-what-if", Glyphs.WHAT_IF,
            "tab-command-log", Glyphs.COMMAND_LOG);

    private TabGlyphs() {}

    static void decorate(TabPane tabs) {
        tabs.getTabs().forEach(t -> {
            Glyphs g = BY_TAB.get(t.getId());
            if (g != null) {
                t.setGraphic(g.icon());
            }
        });
    }
}
