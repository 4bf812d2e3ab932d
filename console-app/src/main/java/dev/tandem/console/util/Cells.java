package dev.tandem.console.util;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.util.Callback;

/**
 * Table cells that never hide text: the text wraps to the column's width (the row grows), and
 * the whole text is also in a tooltip for when the column is narrower than one word.
 */
public final class Cells {
    private Cells() {}

    /** The theme's column header: bold 14 px text, 0.5 em padding each side, a 4 px gap and a border. */
    private static final Font HEADER_FONT = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 14);
    private static final double HEADER_INSETS = 7 + 7 + 4 + 1 + 4;

    /** A column never narrower than its header's text, measured in the theme's header font. */
    public static void headerMinWidth(TableColumn<?, ?> c) {
        String t = c.getText() == null ? "" : c.getText();
        Text probe = new Text(t);
        probe.setFont(HEADER_FONT);
        c.setMinWidth(Math.max(c.getMinWidth(), Math.ceil(probe.getLayoutBounds().getWidth() + HEADER_INSETS)));
    }

    /** The theme's button: 14 px text, 12 px padding each side, a border; and the cell's own padding. */
    private static final double BUTTON_INSETS = 12 + 12 + 2 + 16;

    /** A column of buttons as wide as its widest label, so no button is cut (or clicked off its centre). */
    public static void buttonColumnWidth(TableColumn<?, ?> c, String... labels) {
        double widest = 0;
        for (String label : labels) {
            Text probe = new Text(label);
            probe.setFont(Font.font(Font.getDefault().getFamily(), 14));
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        double w = Math.ceil(widest + BUTTON_INSETS);
        c.setMinWidth(w);
        c.setPrefWidth(w);
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
