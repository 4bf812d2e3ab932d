package dev.tandem.console.charts;

import dev.tandem.console.util.Theme;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/** One coloured band per node: its state kind over the shared time window. */
public final class StateBandCanvas extends Region {
    private static final double ROW = 16;
    private final Canvas canvas = new Canvas();
    private final TimelineStore timeline;
    private long t0;
    private long t1;

    /** Redraws in the new theme's colours (held here: the theme only keeps a weak reference). */
    private final javafx.beans.value.ChangeListener<Theme> themeRedraw = (o, a, t) -> draw();

    public StateBandCanvas(TimelineStore timeline) {
        this.timeline = timeline;
        getChildren().add(canvas);
        setMinHeight(ROW);
        Theme.currentProperty().addListener(new javafx.beans.value.WeakChangeListener<>(themeRedraw));
    }

    public void show(long t0, long t1) {
        this.t0 = t0;
        this.t1 = t1;
        double want = Math.max(1, timeline.nodes().size()) * ROW + 4;
        if (getPrefHeight() != want) {
            setPrefHeight(want);
            setMinHeight(want);
        }
        draw();
    }

    @Override
    protected void layoutChildren() {
        if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
            canvas.setWidth(getWidth());
            canvas.setHeight(getHeight());
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        g.setFill(Theme.current().background());
        g.fillRect(0, 0, w, canvas.getHeight());
        double pw = w - Palette.LEFT - Palette.RIGHT;
        if (pw <= 0 || t1 <= t0) {
            return;
        }
        g.setFont(Font.font(10));
        g.setTextBaseline(VPos.CENTER);
        List<String> nodes = timeline.nodes();
        for (int r = 0; r < nodes.size(); r++) {
            double top = 2 + r * ROW;
            g.setFill(Theme.current().text());
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText(nodes.get(r), Palette.LEFT - 4, top + ROW / 2);
            for (TimelineStore.Span s : timeline.spans(nodes.get(r), t0, t1 + 1)) {
                double x0 = Palette.x(s.from(), t0, t1, pw);
                double x1 = Palette.x(s.to(), t0, t1, pw);
                g.setFill(s.icon().color());
                g.fillRect(x0, top + 1, Math.max(1, x1 - x0), ROW - 3);
                if (x1 - x0 > 60) {
                    g.setFill(Color.WHITE);
                    g.setTextAlign(TextAlignment.LEFT);
                    g.fillText(s.icon().name().toLowerCase(), x0 + 4, top + ROW / 2);
                }
            }
        }
    }
}
