package dev.tandem.console;

import dev.tandem.console.actions.ActionsView;
import dev.tandem.console.alerts.AlertsView;
import dev.tandem.console.banner.BannerView;
import dev.tandem.console.charts.ChartsView;
import dev.tandem.console.config.ConfigView;
import dev.tandem.console.connection.ConnectionsView;
import dev.tandem.console.history.HistoryView;
import dev.tandem.console.matrix.MatrixView;
import dev.tandem.console.overview.OverviewView;
import dev.tandem.console.services.ServicesView;
import dev.tandem.console.util.Icons;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The window: the fleet tree (clusters > groups > nodes; it selects the group every tab shows)
 * and the agents on the left, one tab per feature.
 */
public final class MainView extends BorderPane {
    private final Label status = new Label();
    private final TabPane tabs = new TabPane();
    private final javafx.scene.control.ToggleButton agentsToggle = new javafx.scene.control.ToggleButton("Agents");

    private final MainViewModel vm;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        Label title = new Label("Tandem console", new ImageView(Icons.load("app-icon.png", 24)));
        title.setStyle("-fx-font-size: 15px; -fx-font-weight: bold");
        // the selected group, picked in the fleet tree on the left
        Label group = new Label();
        group.setId("selected-group");
        group.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedGroupProperty().get() == null
                ? "no group yet" : vm.selectedGroupProperty().get(), vm.selectedGroupProperty()));
        group.setStyle("-fx-font-weight: bold");
        group.setMinWidth(Region.USE_PREF_SIZE);
        Label alerts = new Label();
        alerts.textProperty().bind(Bindings.createStringBinding(() -> vm.alerts().unacknowledgedCount().get() == 0
                ? "" : "⚠ " + vm.alerts().unacknowledgedCount().get() + " unacknowledged alert(s)",
                vm.alerts().unacknowledgedCount()));
        alerts.getStyleClass().add("alarm-text");
        alerts.setStyle("-fx-font-weight: bold");
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label groupLabel = new Label("Group:");
        groupLabel.setMinWidth(Region.USE_PREF_SIZE);
        alerts.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(10, title, gap, alerts, groupLabel, group);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 6, 10));
        top.getStyleClass().add("top-bar");
        top.getChildren().add(ThemeSwitch.button(this));
        setTop(new VBox(new BannerView(vm.banner()), top));
        getStylesheets().add(MainView.class.getResource("console.css").toExternalForm());

        ServicesView services = new ServicesView(vm.services());
        VBox.setVgrow(services, Priority.ALWAYS);
        VBox actions = new VBox(new ActionsView(vm.actions()), services);
        Tab alertsTab = tab("Alerts", new AlertsView(vm.alerts()));
        alertsTab.textProperty().bind(Bindings.createStringBinding(() -> "Alerts ("
                + vm.alerts().unacknowledgedCount().get() + ")", vm.alerts().unacknowledgedCount()));
        tabs.getTabs().addAll(
                tab("Overview", new OverviewView(vm.overview())),
                tab("Matrix", new MatrixView(vm.matrix())),
                tab("Charts", new ChartsView(vm.charts())),
                tab("Actions & services", actions),
                tab("Configuration", new ConfigView(vm.config())),
                tab("Users", new dev.tandem.console.users.UsersView(vm.users())),
                alertsTab,
                tab("History", new HistoryView(vm.history())),
                tab("What-if", new dev.tandem.console.whatif.WhatIfView(vm.whatIf())),
                tab("Command log", new dev.tandem.console.commands.CommandLogView(vm.commands())));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        TabGlyphs.decorate(tabs);
        ConnectionsView connections = new ConnectionsView(vm.connections());
        dev.tandem.console.fleet.FleetTreeView fleet = new dev.tandem.console.fleet.FleetTreeView(vm.fleet());
        SplitPane agents = new SplitPane(fleet, connections);
        agents.setOrientation(javafx.geometry.Orientation.VERTICAL);
        agents.setDividerPositions(0.55);
        agents.setMinWidth(0);
        SplitPane split = new SplitPane(agents, tabs);
        split.setDividerPositions(0.25);
        SplitPane.setResizableWithParent(agents, false);
        setCenter(split);
        // the agent list folds away so the tabs get the whole width on a small screen
        agentsToggle.setId("toggle-agents");
        agentsToggle.setSelected(true);
        agentsToggle.setMinWidth(Region.USE_PREF_SIZE);
        agentsToggle.setTooltip(new javafx.scene.control.Tooltip("Show or hide the fleet tree and the agent list (Ctrl+L)"));
        agentsToggle.selectedProperty().addListener((o, a, show) -> {
            if (show && !split.getItems().contains(agents)) {
                split.getItems().add(0, agents);
                split.setDividerPositions(0.25);
            } else if (!show) {
                split.getItems().remove(agents);
            }
        });
        top.getChildren().add(1, agentsToggle);
        javafx.scene.control.Button saveProfile = new javafx.scene.control.Button("Save profile…");
        saveProfile.setId("save-profile");
        saveProfile.setMinWidth(Region.USE_PREF_SIZE);
        saveProfile.setTooltip(new javafx.scene.control.Tooltip("Save the agents, group, open view and charts to a"
                + " file; start with --profile FILE to restore them"));
        saveProfile.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("Save the console profile");
            chooser.setInitialFileName("tandem-console.profile");
            java.io.File f = chooser.showSaveDialog(getScene().getWindow());
            if (f != null) {
                saveProfile(f.toPath());
            }
        });
        top.getChildren().add(2, saveProfile);
        sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                Shortcuts.install(scene, tabs, agentsToggle);
                ThemeSwitch.installShortcut(scene, this);
            }
        });
        status.setPadding(new Insets(2, 8, 2, 8));
        setBottom(status);
    }

    /** Saves the current setup to {@code file} (in the background); the status line says how it went. */
    public java.util.concurrent.CompletableFuture<Void> saveProfile(java.nio.file.Path file) {
        // the save completes on its background thread: the status line is changed on the FX thread
        return vm.save(capture(), file).whenComplete((v, err) -> dev.tandem.console.util.Fx.run(() -> setStatus(err == null
                ? "Profile saved to " + file + " (start with --profile " + file + " to restore it)."
                : "The profile was not saved to " + file + ": " + (err.getCause() != null ? err.getCause().getMessage()
                : err.getMessage()))));
    }

    /** The window's part of a profile (open view, pane shown) with the view model's. */
    public dev.tandem.console.profile.Profile capture() {
        Tab open = tabs.getSelectionModel().getSelectedItem();
        String view = open == null || open.getId() == null ? null : open.getId().substring("tab-".length());
        return vm.capture(view, agentsToggle.isSelected());
    }

    /** Applies a profile: its view and pane here, the rest through the view model. */
    public void apply(dev.tandem.console.profile.Profile p) {
        vm.apply(p);
        if (p.view() != null) {
            tabs.getTabs().stream().filter(t -> ("tab-" + p.view()).equals(t.getId())).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
        if (p.agentsShown() != null) {
            agentsToggle.setSelected(p.agentsShown());
        }
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setId("tab-" + name.toLowerCase().replace(' ', '-').replace("&", "and"));
        return t;
    }

    /** Shows or hides the agent list. */
    public javafx.scene.control.ToggleButton agentsToggle() {
        return agentsToggle;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** A line at the bottom for start-up messages (e.g. the demo pair). */
    public void setStatus(String text) {
        status.setText(text.lines().findFirst().orElse(""));
        status.setTooltip(new javafx.scene.control.Tooltip(text));
        vm.banner().setStarting(text);
    }
}
