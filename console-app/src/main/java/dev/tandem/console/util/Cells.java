package dev.tandem.console.util;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Callback;

/**
 * Table cells that never hide text: the text wraps to the column's width (the row grows), and
 * the whole text is also in a tooltip for when the column is narrower than one word.
 */
public final class Cells {
    private Cells() {}

    /** A column never narrower than its header's text (an estimate for the default font at 12-13 px). */
    public static void headerMinWidth(TableColumn<?, ?> c) {
        String t = c.getText() == null ? "" : c.getText();
        c.setMinWidth(Math.max(c.getMinWidth(), 16 + 7.5 * t.length()));
    }

    public static <R> Callback<TableColumn<R, String>, TableCell<R, String>> wrapping() {
        return c -> new TableCell<>() {
            private final Tooltip tip = new Tooltip();

            {
                setWrapText(true);
                tip.setWrapText(true);
                tip.setMaxWidth(600);
            }

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setText(null);
                    setTooltip(null);
                } else {
                    setText(s);
                    tip.setText(s);
                    setTooltip(tip);
                }
            }
        };
    }
}
