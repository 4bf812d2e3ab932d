package dev.tandem.console.charts;

import dev.tandem.console.util.Theme;
import dev.tandem.console.util.Ages;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
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
    private static final int MARKER_ROWS = 3;
    /** A generous width per character of the 10 px font, so stacked labels never touch. */
    private static final double MARKER_CHAR_PX = 6.2;

    private final Canvas canvas = new Canvas();
    private final CounterStore store;
    private final TimelineStore timeline;
    private final ChartsViewModel vm;
    /** The crosshair's values: a real label (not pixels) so it can be read, wrapped and tested. */
    private final Label readout = new Label();
    private final Rectangle selection = new Rectangle();
    private ChartSpec spec;
    private long t0;
    private long t1;
    private Columns columns = new Columns(1);
    private double dragFromX = Double.NaN;
    private boolean panning;
    private long panFromEnd;
    private final javafx.beans.value.ChangeListener<Number> hoverRedraw = (o, a, b) -> draw();

    /** @param vm the charts' shared state: crosshair time, zoom and pan (null: a chart without interaction) */
    /** Redraws in the new theme's colours (held here: the theme only keeps a weak reference). */
    private final javafx.beans.value.ChangeListener<Theme> themeRedraw = (o, a, t) -> draw();

    public TimeSeriesCanvas(CounterStore store, TimelineStore timeline, ChartsViewModel vm) {
        this.store = store;
        this.timeline = timeline;
        this.vm = vm;
        readout.getStyleClass().add("chart-readout");
        readout.setStyle("-fx-border-color: #888; -fx-padding: 3 5;"
                + " -fx-font-size: 10px");
        readout.setManaged(false);
        readout.setVisible(false);
        readout.setMouseTransparent(true);
        selection.setManaged(false);
        selection.setVisible(false);
        selection.setMouseTransparent(true);
        selection.setFill(Color.web("#1f77b4", 0.15));
        selection.setStroke(Color.web("#1f77b4"));
        getChildren().addAll(canvas, selection, readout);
        setMinHeight(120);
        setPrefHeight(170);
        getStyleClass().add("time-series-canvas");
        if (vm != null) {
            interact(vm);
        }
    }

    public TimeSeriesCanvas(CounterStore store, TimelineStore timeline) {
        this(store, timeline, null);
    }

    /** The label that shows the values under the crosshair. */
    public Label readout() {
        return readout;
    }

    /** Hover: shared crosshair. Drag: zoom to the selection. Shift+drag: pan. Double-click: reset. */
    private void interact(ChartsViewModel vm) {
        setOnMouseMoved(e -> vm.hoverTimeProperty().set(inPlot(e.getX()) ? timeAt(e.getX()) : Long.MIN_VALUE));
        setOnMouseExited(e -> vm.hoverTimeProperty().set(Long.MIN_VALUE));
        setOnMousePressed(e -> {
            if (!inPlot(e.getX())) {
                return;
            }
            dragFromX = e.getX();
            panning = e.isShiftDown();
            panFromEnd = t1;
        });
        setOnMouseDragged(e -> {
            if (Double.isNaN(dragFromX)) {
                return;
            }
            double x = Math.max(Palette.LEFT, Math.min(canvas.getWidth() - Palette.RIGHT, e.getX()));
            if (panning) {
                long target = panFromEnd - Math.round((x - dragFromX) * msPerPixel());
                vm.pan(target - vm.t1());
            } else {
                selection.setX(Math.min(dragFromX, x));
                selection.setY(TOP);
                selection.setWidth(Math.abs(x - dragFromX));
                selection.setHeight(Math.max(0, canvas.getHeight() - TOP - BOTTOM));
                selection.setVisible(true);
            }
        });
        setOnMouseReleased(e -> {
            if (!Double.isNaN(dragFromX) && !panning && Math.abs(e.getX() - dragFromX) > 4) {
                vm.zoomTo(timeAt(dragFromX), timeAt(Math.max(Palette.LEFT, Math.min(canvas.getWidth() - Palette.RIGHT,
                        e.getX()))));
            }
            dragFromX = Double.NaN;
            panning = false;
            selection.setVisible(false);
        });
        setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.reset();
            }
        });
        // weak: a chart rebuilt away must not be kept alive (and redrawn) by the shared crosshair
        vm.hoverTimeProperty().addListener(new javafx.beans.value.WeakChangeListener<>(hoverRedraw));
        Theme.currentProperty().addListener(new javafx.beans.value.WeakChangeListener<>(themeRedraw));
    }

    private boolean inPlot(double x) {
        return x >= Palette.LEFT && x <= canvas.getWidth() - Palette.RIGHT && t1 > t0;
    }

    private double msPerPixel() {
        double pw = canvas.getWidth() - Palette.LEFT - Palette.RIGHT;
        return pw <= 0 ? 0 : (t1 - t0) / pw;
    }

    /** The time at canvas x (inverse of {@link Palette#x}). */
    long timeAt(double x) {
        return t0 + Math.round((x - Palette.LEFT) * msPerPixel());
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
        Theme theme = Theme.current();
        g.setFill(theme.background());
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
        // failover / fallback markers: labels stack in up to MARKER_ROWS rows and never overlap;
        // one that finds no room is not drawn (its line is, and the hover box names it)
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        double[] rowEnd = new double[MARKER_ROWS];
        java.util.Arrays.fill(rowEnd, Double.NEGATIVE_INFINITY);
        for (TimelineStore.Marker m : timeline.markers(t0, t1 + 1)) {
            double mx = Palette.x(m.at(), t0, t1, pw);
            g.setStroke(Color.web("#6b4fa3"));
            g.setLineDashes(3, 3);
            g.strokeLine(mx, TOP, mx, TOP + ph);
            g.setLineDashes();
            double width = m.label().length() * MARKER_CHAR_PX;
            for (int row = 0; row < MARKER_ROWS; row++) {
                if (mx + 3 > rowEnd[row] + 4 && mx + 3 + width <= w - Palette.RIGHT) {
                    g.setFill(Color.web("#6b4fa3"));
                    g.fillText(m.label(), mx + 3, TOP + 1 + row * 12);
                    rowEnd[row] = mx + 3 + width;
                    break;
                }
            }
        }
        g.setFill(theme.text());
        g.setTextBaseline(VPos.TOP);
        g.setFont(Font.font(null, javafx.scene.text.FontWeight.BOLD, 11));
        g.fillText(spec.title(), Palette.LEFT, 1);
        g.setFont(FONT);
        crosshair(g, w, pw, ph);
    }

    /** The shared crosshair: a line at the hovered time in every chart, and this chart's values beside it. */
    private void crosshair(GraphicsContext g, double w, double pw, double ph) {
        long t = vm == null ? Long.MIN_VALUE : vm.hoverTimeProperty().get();
        if (t == Long.MIN_VALUE || t < t0 || t > t1) {
            readout.setVisible(false);
            return;
        }
        double x = Palette.x(t, t0, t1, pw);
        g.setStroke(Theme.current().muted());
        g.setLineWidth(1);
        g.setLineDashes();
        g.strokeLine(x, TOP, x, TOP + ph);
        readout.setText(String.join("\n", vm.readout(spec, t)));
        readout.applyCss();
        readout.autosize();
        double lx = x + 10 + readout.getWidth() > w ? x - 10 - readout.getWidth() : x + 10;
        readout.relocate(Math.max(0, lx), TOP + 2);
        readout.setVisible(true);
    }

    private void drawAxes(GraphicsContext g, double w, double h, double pw, double ph, double lo, double hi) {
        g.setFont(FONT);
        g.setStroke(Theme.current().grid());
        g.setLineWidth(1);
        g.setFill(Theme.current().muted());
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
        g.setStroke(Theme.current().frame());
        g.strokeRect(Palette.LEFT, TOP, pw, ph);
    }

    private static double y(double v, double lo, double hi, double ph) {
        return TOP + ph - (v - lo) / (hi - lo) * ph;
    }
}
