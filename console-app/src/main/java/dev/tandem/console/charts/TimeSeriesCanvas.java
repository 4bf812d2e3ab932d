package dev.tandem.console.charts;

import dev.tandem.console.util.Ages;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A time-series chart drawn on a Canvas: each series is reduced to one min/max/first/last
 * entry per pixel column before drawing, so a frame costs O(width) per series no matter how
 * many samples the window holds. No symbols, no animation, no scene-graph node per point.
 */
public final class TimeSeriesCanvas extends Region {
    private static final double TOP = 16;
    private static final double BOTTOM = 18;
    private static final Font FONT = Font.font(10);

    private final Canvas canvas = new Canvas();
    private final CounterStore store;
    private final TimelineStore timeline;
    private ChartSpec spec;
    private long t0;
    private long t1;
    private Columns columns = new Columns(1);

    public TimeSeriesCanvas(CounterStore store, TimelineStore timeline) {
        this.store = store;
        this.timeline = timeline;
        getChildren().add(canvas);
        setMinHeight(120);
        setPrefHeight(170);
        getStyleClass().add("time-series-canvas");
    }

    public void show(ChartSpec spec, long t0, long t1) {
        this.spec = spec;
        this.t0 = t0;
        this.t1 = t1;
        draw();
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            draw();
        }
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (spec == null || w < Palette.LEFT + Palette.RIGHT + 10 || t1 <= t0) {
            return;
        }
        double pw = w - Palette.LEFT - Palette.RIGHT;
        double ph = h - TOP - BOTTOM;
        int cols = Math.max(1, (int) pw);
        if (columns.size() != cols) {
            columns = new Columns(cols);
        }
        // pass 1: value range over what is visible
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<SeriesKey> keys = spec.series();
        Columns[] reduced = new Columns[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            var buffer = store.series(keys.get(i));
            if (buffer.isEmpty()) {
                continue;
            }
            Columns c = new Columns(cols);
            buffer.get().reduce(t0, t1 + 1, c);
            reduced[i] = c;
            for (int x = 0; x < cols; x++) {
                if (!Double.isNaN(c.min(x))) {
                    lo = Math.min(lo, c.min(x));
                    hi = Math.max(hi, c.max(x));
                }
            }
        }
        if (!Double.isNaN(spec.limit())) {
            lo = Math.min(lo, spec.limit());
            hi = Math.max(hi, spec.limit());
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 1;
        }
        lo = Math.min(lo, 0);
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double step = Palette.niceStep((hi - lo) / 4);
        lo = Math.floor(lo / step) * step;
        hi = Math.ceil((hi + (hi - lo) * 0.02) / step) * step;
        drawAxes(g, w, h, pw, ph, lo, hi);
        final double fLo = lo;
        final double fHi = hi;
        // pass 2: series
        java.util.List<String> nodes = spec.series().stream().map(SeriesKey::node).distinct().toList();
        for (int i = 0; i < reduced.length; i++) {
            Columns c = reduced[i];
            if (c == null) {
                continue;
            }
            // equal lines stay distinguishable: the first node wide and solid, the next dashed on top of it
            int node = nodes.indexOf(spec.series().get(i).node());
            g.setLineWidth(Palette.lineWidth(node));
            g.setLineDashes(Palette.dashes(node));
            g.setStroke(Palette.color(i));
            g.beginPath();
            boolean open = false;
            for (int x = 0; x < cols; x++) {
                if (Double.isNaN(c.min(x))) {
                    continue;
                }
                double px = Palette.LEFT + x + 0.5;
                double yFirst = y(c.first(x), fLo, fHi, ph);
                if (open) {
                    g.lineTo(px, yFirst);
                } else {
                    g.moveTo(px, yFirst);
                    open = true;
                }
                if (c.min(x) != c.max(x)) {
                    g.lineTo(px, y(c.min(x), fLo, fHi, ph));
                    g.lineTo(px, y(c.max(x), fLo, fHi, ph));
                }
                g.lineTo(px, y(c.last(x), fLo, fHi, ph));
            }
            g.stroke();
        }
        g.setLineDashes();
        g.setLineWidth(1.25);
        // limit line
        if (!Double.isNaN(spec.limit())) {
            double ly = y(spec.limit(), fLo, fHi, ph);
            g.setStroke(Color.web("#d13b3b"));
            g.setLineDashes(6, 4);
            g.strokeLine(Palette.LEFT, ly, w - Palette.RIGHT, ly);
            g.setLineDashes();
            g.setFill(Color.web("#d13b3b"));
            g.setTextAlign(TextAlignment.RIGHT);
            g.setTextBaseline(VPos.BOTTOM);
            g.fillText(spec.limitLabel() + " " + StatsRow.fmt(spec.limit()), w - Palette.RIGHT - 2, ly - 1);
        }
        // failover / fallback markers
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (TimelineStore.Marker m : timeline.markers(t0, t1 + 1)) {
            double mx = Palette.x(m.at(), t0, t1, pw);
            g.setStroke(Color.web("#6b4fa3"));
            g.setLineDashes(3, 3);
            g.strokeLine(mx, TOP, mx, TOP + ph);
            g.setLineDashes();
            g.setFill(Color.web("#6b4fa3"));
            g.fillText(m.label(), mx + 3, TOP + 1);
        }
        g.setFill(Color.web("#222"));
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
        g.fillText(spec.title(), Palette.LEFT, 1);
        g.setFont(FONT);
    }

    private void drawAxes(GraphicsContext g, double w, double h, double pw, double ph, double lo, double hi) {
        g.setFont(FONT);
        g.setStroke(Color.web("#e4e4e4"));
        g.setLineWidth(1);
        g.setFill(Color.web("#555"));
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        double step = Palette.niceStep((hi - lo) / 4);
        for (double v = lo; v <= hi + step / 2; v += step) {
            double yy = y(v, lo, hi, ph);
            g.strokeLine(Palette.LEFT, yy, w - Palette.RIGHT, yy);
            g.fillText(StatsRow.fmt(step >= 1 ? Math.rint(v) : Math.rint(v * 100) / 100), Palette.LEFT - 4, yy);
        }
        long tStep = Palette.timeStep(t1 - t0);
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (long t = (t0 / tStep + 1) * tStep; t < t1; t += tStep) {
            double xx = Palette.x(t, t0, t1, pw);
            g.strokeLine(xx, TOP, xx, TOP + ph);
            g.fillText(Ages.clock(t), xx, TOP + ph + 3);
        }
        g.setStroke(Color.web("#999"));
        g.strokeRect(Palette.LEFT, TOP, pw, ph);
    }

    private static double y(double v, double lo, double hi, double ph) {
        return TOP + ph - (v - lo) / (hi - lo) * ph;
    }
}
