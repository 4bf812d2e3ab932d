package dev.tandem.console.testing;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;

/**
 * Finds text the operator cannot read: every visible Labeled whose rendered text (the
 * LabeledText node JavaFX draws) differs from its text, i.e. was cut with an ellipsis.
 * A Labeled that shows a tooltip with the full text is allowed to be shortened.
 */
public final class Clipping {
    private Clipping() {}

    public static List<String> clipped(Node root) {
        List<String> out = new ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Node n, List<String> out) {
        if (!n.isVisible() || n.getScene() == null) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isBlank()) {
            String shown = displayed(l);
            if (shown != null && !normal(shown).equals(normal(l.getText())) && !hasFullTooltip(l)) {
                out.add(describe(l) + ": \"" + l.getText() + "\" shown as \"" + shown + "\"");
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                walk(c, out);
            }
        }
    }

    private static boolean hasFullTooltip(Labeled l) {
        Tooltip t = l.getTooltip();
        return t != null && t.getText() != null && t.getText().contains(l.getText());
    }

    /** The text the skin draws, or null when the skin has not drawn one (no skin yet, graphic only). */
    private static String displayed(Labeled l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t && c.getClass().getSimpleName().equals("LabeledText")) {
                return t.getText();
            }
        }
        return null;
    }

    private static String normal(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private static String describe(Labeled l) {
        String id = l.getId() != null ? "#" + l.getId() : l.getClass().getSimpleName();
        Node p = l.getParent();
        while (p != null && p.getId() == null) {
            p = p.getParent();
        }
        return id + (p == null ? "" : " in #" + p.getId());
    }
}
