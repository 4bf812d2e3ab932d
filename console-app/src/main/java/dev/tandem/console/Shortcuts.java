package dev.tandem.console;

import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Keyboard shortcuts: Ctrl+1..Ctrl+7 open the tabs in order (Overview, Matrix, Charts, Actions &
 * services, Configuration, Alerts, History, Command log ...); Ctrl+L shows or hides the agent list.
 */
final class Shortcuts {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
        KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private Shortcuts() {}

    static void install(Scene scene, TabPane tabs, ToggleButton agents) {
        for (int i = 0; i < tabs.getTabs().size() && i < DIGITS.length; i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(index));
            tabs.getTabs().get(i).setTooltip(new javafx.scene.control.Tooltip("Ctrl+" + (i + 1)));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.L, KeyCombination.SHORTCUT_DOWN),
                () -> agents.setSelected(!agents.isSelected()));
    }
}
