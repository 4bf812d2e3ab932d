package dev.tandem.console;

import dev.tandem.console.util.Glyphs;
import dev.tandem.console.util.Theme;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.Region;

/** The light/dark switch in the top bar (and Ctrl+T): it names the theme it switches to. */
final class ThemeSwitch {
    private ThemeSwitch() {}

    static Button button(Parent root) {
        Button b = new Button();
        b.setId("theme-switch");
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(new Tooltip("Switch between the light and the dark theme (Ctrl+T)"));
        Runnable label = () -> {
            Theme next = Theme.current().other();
            b.setText(next == Theme.DARK ? "Dark" : "Light");
            b.setGraphic((next == Theme.DARK ? Glyphs.DARK : Glyphs.LIGHT).icon());
        };
        label.run();
        Theme.currentProperty().addListener((o, a, t) -> label.run());
        b.setOnAction(e -> Theme.current().other().apply(root));
        return b;
    }

    static void installShortcut(Scene scene, Parent root) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN),
                () -> Theme.current().other().apply(root));
    }
}
