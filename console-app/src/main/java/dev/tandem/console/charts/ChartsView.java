package dev.tandem.console.charts;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.controlsfx.control.CheckComboBox;

/** Live charts or the table of the same series, under one toolbar and one shared time axis. */
public final class ChartsView extends BorderPane {
    private final ChartsViewModel vm;
    private final VBox chartBox = new VBox(6);
    private final StateBandCanvas band;
    private final List<TimeSeriesCanvas> canvases = new ArrayList<>();
    private final List<FlowPane> legends = new ArrayList<>();
    private final ScrollPane chartScroll = new ScrollPane(chartBox);
    private final TableView<StatsRow> table = new TableView<>();
    private final Label status = new Label();
    private List<String> shownTitles = List.of();

    public ChartsView(ChartsViewModel vm) {
        this.vm = vm;
        this.band = new StateBandCanvas(vm.timeline());
        setTop(toolbar());
        chartBox.setPadding(new Insets(6));
        chartScroll.setFitToWidth(true);
        buildTable();
        setCenter(chartScroll);
        vm.tableModeProperty().addListener((o, a, table) -> setCenter(table ? this.table : chartScroll));
        vm.frameProperty().addListener((o, a, b) -> redraw());
        chartBox.setOnScroll(e -> {
            if (e.isControlDown() || e.isShortcutDown()) {
                if (e.getDeltaY() > 0) {
                    vm.zoomIn();
                } else if (e.getDeltaY() < 0) {
                    vm.zoomOut();
                }
                e.consume();
            }
        });
    }

    private VBox toolbar() {
        ComboBox<Long> windowBox = new ComboBox<>();
        windowBox.getItems().addAll(ChartsViewModel.WINDOWS_MS);
        windowBox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Long ms) {
                return ms == null ? "" : ms < 60_000 ? ms / 1000 + " s" : ms / 60_000 + " min";
            }

            @Override
            public Long fromString(String s) {
                String t = s.trim();
                return t.endsWith(" s") ? Long.parseLong(t.replace(" s", "").trim()) * 1000
                        : Long.parseLong(t.replace(" min", "").trim()) * 60_000;
            }
        });
        showWindow(windowBox, vm.windowProperty().get());
        windowBox.valueProperty().addListener((o, a, ms) -> {
            if (ms != null) {
                vm.setWindowMs(ms);
            }
        });
        // a dragged zoom is no window of the list: the box then says how long it is
        vm.windowProperty().addListener((o, a, w) -> showWindow(windowBox, w.longValue()));
        windowBox.setId("chart-window");
        Button zoomIn = new Button("Zoom in");
        zoomIn.setOnAction(e -> vm.zoomIn());
        Button zoomOut = new Button("Zoom out");
        zoomOut.setOnAction(e -> vm.zoomOut());
        zoomIn.setTooltip(new Tooltip("The next smaller window of the list (or Ctrl + mouse wheel)"));
        zoomOut.setTooltip(new Tooltip("The next larger window of the list"));
        Button back = new Button("◀");
        back.setId("chart-pan-back");
        back.setTooltip(new Tooltip("Half a window back in time (or Shift + drag on a chart)"));
        back.setOnAction(e -> vm.pan(-vm.windowProperty().get() / 2));
        Button forward = new Button("▶");
        forward.setId("chart-pan-forward");
        forward.setTooltip(new Tooltip("Half a window forward, up to now"));
        forward.setOnAction(e -> vm.pan(vm.windowProperty().get() / 2));
        Button reset = new Button("Reset");
        reset.setId("chart-reset");
        reset.setTooltip(new Tooltip("Live again: the newest 5 minutes (or double-click a chart)"));
        reset.setOnAction(e -> vm.reset());
        Label hint = new Label("Drag on a chart to zoom, Shift+drag to pan, double-click to reset");
        hint.getStyleClass().add("action-hint");
        ToggleButton pause = new ToggleButton("Pause");
        pause.setId("chart-pause");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty())
                .then("Resume").otherwise("Pause"));
        ToggleButton tableMode = new ToggleButton("Table");
        tableMode.setId("chart-table");
        tableMode.selectedProperty().bindBidirectional(vm.tableModeProperty());
        CheckComboBox<String> counters = new CheckComboBox<>(vm.availableCounters());
        counters.setTitle("Other counters");
        counters.setShowCheckedCount(true);
        for (String c : vm.selectedCounters()) {
            counters.getCheckModel().check(c);
        }
        counters.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c ->
                vm.selectedCounters().setAll(counters.getCheckModel().getCheckedItems()));
        Button export = new Button("Export CSV…");
        export.setOnAction(e -> export());
        Label warn = new Label();
        warn.textProperty().bind(vm.roundTripWarningProperty());
        warn.getStyleClass().add("alarm-text");
        warn.setStyle("-fx-font-weight: bold");
        warn.setId("rtt-warning");
        // the controls wrap onto a second line in a narrow window instead of being cut
        FlowPane controls = new FlowPane(6, 4, new Label("Window"), windowBox, zoomIn, zoomOut, back, forward, reset,
                pause, tableMode, counters, export, hint);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        for (javafx.scene.Node n : controls.getChildren()) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        status.setWrapText(true);
        warn.setWrapText(true);
        warn.setMinHeight(Region.USE_PREF_SIZE);
        VBox bar = new VBox(4, controls, status, warn);
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        warn.managedProperty().bind(warn.textProperty().isNotEmpty());
        bar.setPadding(new Insets(6));
        return bar;
    }

    private static void showWindow(ComboBox<Long> box, long ms) {
        if (ChartsViewModel.WINDOWS_MS.contains(ms)) {
            box.setValue(ms);
        } else {
            box.setValue(null);
            box.setPromptText(dev.tandem.console.util.Ages.duration(ms));
        }
    }

    private void buildTable() {
        table.setId("chart-stats-table");
        table.getColumns().add(column("Chart", r -> r.chart()));
        table.getColumns().add(column("Node", r -> r.key().node()));
        table.getColumns().add(column("Counter", r -> r.key().counter()));
        table.getColumns().add(column("Last", r -> StatsRow.fmt(r.stats().last())));
        table.getColumns().add(column("Min", r -> StatsRow.fmt(r.stats().min())));
        table.getColumns().add(column("Max", r -> StatsRow.fmt(r.stats().max())));
        table.getColumns().add(column("Avg", r -> StatsRow.fmt(r.stats().avg())));
        table.getColumns().add(column("Samples", r -> String.valueOf(r.stats().count())));
        table.setItems(vm.stats());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    private static TableColumn<StatsRow, String> column(String title, java.util.function.Function<StatsRow, String> f) {
        TableColumn<StatsRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        return c;
    }

    private void redraw() {
        if (vm.tableModeProperty().get()) {
            return;
        }
        List<ChartSpec> specs = vm.charts();
        List<String> titles = specs.stream().map(s -> s.title() + s.series()).toList();
        if (!titles.equals(shownTitles)) {
            rebuild(specs.size());
            shownTitles = titles;
        }
        band.show(vm.t0(), vm.t1());
        for (int i = 0; i < specs.size(); i++) {
            canvases.get(i).show(specs.get(i), vm.t0(), vm.t1());
            updateLegend(legends.get(i), specs.get(i));
        }
        status.setText(vm.pausedProperty().get() ? "Not following live data: showing "
                + dev.tandem.console.util.Ages.dateClock(vm.t0()) + " to " + dev.tandem.console.util.Ages.clock(vm.t1())
                + ". Resume or Reset returns to live." : "");
    }

    private void rebuild(int n) {
        chartBox.getChildren().clear();
        canvases.clear();
        legends.clear();
        Label bandTitle = new Label("State per node");
        bandTitle.setStyle("-fx-font-weight: bold");
        chartBox.getChildren().addAll(bandTitle, band, bandLegend());
        for (int i = 0; i < n; i++) {
            TimeSeriesCanvas c = new TimeSeriesCanvas(vm.store(), vm.timeline(), vm);
            c.setId("chart-canvas-" + i);
            c.readout().setId("chart-readout-" + i);
            VBox.setVgrow(c, Priority.NEVER);
            FlowPane legend = new FlowPane(12, 2);
            legend.setPadding(new Insets(0, 0, 0, Palette.LEFT));
            canvases.add(c);
            legends.add(legend);
            chartBox.getChildren().addAll(c, legend);
        }
    }

    /** What the band's colours mean: one swatch per kind of state, as the state icons use them. */
    private static FlowPane bandLegend() {
        FlowPane p = new FlowPane(12, 2);
        p.setId("state-band-legend");
        String[][] kinds = {{"NORMAL", "Normal"}, {"BACKUP", "Backup (serves the peer's users too)"},
            {"IDLE", "Idle / Failed Over (serves nobody)"}, {"TRANSITIONAL", "Changing state"},
            {"FAILED", "Failed"}, {"UNKNOWN", "Unknown / unreachable"}};
        for (String[] k : kinds) {
            javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(12, 10,
                    dev.tandem.console.util.StateIcon.valueOf(k[0]).color());
            Label l = new Label(k[1], swatch);
            l.setStyle("-fx-font-size: 10px");
            p.getChildren().add(l);
        }
        return p;
    }

    private void updateLegend(FlowPane legend, ChartSpec spec) {
        List<javafx.scene.Node> items = new ArrayList<>();
        for (int i = 0; i < spec.series().size(); i++) {
            SeriesKey k = spec.series().get(i);
            StatsRow row = vm.stats().stream().filter(r -> r.key().equals(k) && r.chart().equals(spec.title()))
                    .findFirst().orElse(new StatsRow(spec.title(), k, Stats.EMPTY));
            // the legend draws each line as the chart does: colour, width and dash per node
            int node = spec.series().stream().map(SeriesKey::node).distinct().toList().indexOf(k.node());
            javafx.scene.shape.Line swatch = new javafx.scene.shape.Line(0, 0, 24, 0);
            swatch.setStroke(Palette.color(i));
            swatch.setStrokeWidth(Palette.lineWidth(node));
            for (double d : Palette.dashes(node)) {
                swatch.getStrokeDashArray().add(d);
            }
            Label l = new Label(row.text(), swatch);
            l.setStyle("-fx-font-size: 10px");
            items.add(l);
        }
        if (items.size() != legend.getChildren().size()) {
            legend.getChildren().setAll(items);
        } else {
            for (int i = 0; i < items.size(); i++) {
                ((Label) legend.getChildren().get(i)).setText(((Label) items.get(i)).getText());
            }
        }
    }

    private void export() {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(vm.suggestedFileName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File f = chooser.showSaveDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        try (Writer w = Files.newBufferedWriter(f.toPath(), StandardCharsets.UTF_8)) {
            int n = vm.exportCsv(w);
            status.setText(n + " samples written to " + f.getName());
        } catch (IOException e) {
            status.setText("Export failed: " + e.getMessage());
        }
    }

    static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
