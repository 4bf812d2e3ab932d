package dev.tandem.console;

import dev.tandem.console.actions.ActionsViewModel;
import dev.tandem.console.alerts.AlertsViewModel;
import dev.tandem.console.banner.BannerViewModel;
import dev.tandem.console.charts.ChartsViewModel;
import dev.tandem.console.config.ConfigViewModel;
import dev.tandem.console.connection.ConnectionsViewModel;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.console.history.HistoryViewModel;
import dev.tandem.console.matrix.MatrixViewModel;
import dev.tandem.console.whatif.WhatIfViewModel;
import dev.tandem.console.overview.OverviewViewModel;
import dev.tandem.console.services.ServicesViewModel;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Owns every view model and the one drain step: once per timer tick it takes the events the
 * streams buffered and the newest statuses, and hands them to each view model in one batch.
 */
public final class MainViewModel {
    private final ConsoleContext ctx;
    private final ConnectionsViewModel connections;
    private final OverviewViewModel overview;
    private final MatrixViewModel matrix;
    private final WhatIfViewModel whatIf;
    private final ChartsViewModel charts;
    private final ActionsViewModel actions;
    private final ServicesViewModel services;
    private final ConfigViewModel config;
    private final AlertsViewModel alerts;
    private final BannerViewModel banner = new BannerViewModel();
    private final HistoryViewModel history = new HistoryViewModel();
    private final dev.tandem.console.commands.CommandLogViewModel commands;
    private final dev.tandem.console.users.UsersViewModel users;
    private final ObservableList<String> groupNames = FXCollections.observableArrayList();
    private final StringProperty selectedGroup = new SimpleStringProperty();
    /** A group to select as soon as an agent reports it (from a profile), or null. */
    private String preferredGroup;
    private final dev.tandem.console.fleet.FleetTreeViewModel fleet = new dev.tandem.console.fleet.FleetTreeViewModel(
            selectedGroup);

    public MainViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
        connections = new ConnectionsViewModel(ctx.registry(), ctx.credentials());
        overview = new OverviewViewModel(ctx.directory());
        matrix = new MatrixViewModel(ctx);
        whatIf = new WhatIfViewModel(ctx);
        charts = new ChartsViewModel(ctx.counters());
        alerts = new AlertsViewModel(ctx);
        actions = new ActionsViewModel(ctx);
        services = new ServicesViewModel(ctx);
        config = new ConfigViewModel(ctx);
        commands = new dev.tandem.console.commands.CommandLogViewModel(ctx.commands());
        users = new dev.tandem.console.users.UsersViewModel(ctx);
    }

    /** The drain step (FX thread, a few times a second). */
    public void tick(long now) {
        List<ReceivedEvent> events = ctx.drainEvents();
        List<GroupSource> groups = ctx.directory().groups();
        List<String> names = groups.stream().map(GroupSource::group).toList();
        if (!names.equals(groupNames)) {
            groupNames.setAll(names);
        }
        if (preferredGroup != null && names.contains(preferredGroup)) {
            selectedGroup.set(preferredGroup); // the profile's group, once it is reported
            preferredGroup = null;
        } else if ((selectedGroup.get() == null || !names.contains(selectedGroup.get())) && !names.isEmpty()) {
            selectedGroup.set(names.get(0));
        }
        GroupSource selected = groups.stream().filter(g -> g.group().equals(selectedGroup.get())).findFirst()
                .orElse(null);
        connections.refresh(now);
        banner.refresh(groups, ctx.registry().connections(), now);
        fleet.refresh(groups, now);
        overview.setEmptyText(groups.isEmpty() ? banner.sentenceProperty().get() : "");
        overview.refresh(now, selected);
        matrix.refresh(selected);
        whatIf.refresh(selected);
        history.onEvents(events);
        commands.refresh();
        history.onCommands(ctx.commands());
        alerts.onAlerts(ctx.drainAlerts(), now);
        charts.onEvents(events);
        charts.refresh(now, groups, selected);
        actions.refresh(selected, now);
        services.refresh(selected, now);
        config.refresh(selected);
        users.refresh(selected);
    }

    /**
     * Applies a profile's model part: the group to select once it is reported and the charts'
     * window, counters and table mode (the agents and the credential are applied at start; the
     * view and the pane by {@link MainView#apply}).
     */
    public void apply(dev.tandem.console.profile.Profile p) {
        if (p.group() != null) {
            preferredGroup = p.group();
        }
        if (p.chartWindowMs() != null) {
            charts.setWindowMs(p.chartWindowMs());
        }
        if (p.chartCounters() != null) {
            charts.selectedCounters().setAll(p.chartCounters());
        }
        if (p.chartTable() != null) {
            charts.tableModeProperty().set(p.chartTable());
        }
    }

    /** The current setup as a profile; {@code view} and {@code agentsShown} come from the window. */
    public dev.tandem.console.profile.Profile capture(String view, boolean agentsShown) {
        var cred = ctx.credentials().current();
        String pki = null;
        String as = null;
        if (!cred.insecure() && cred.certificate() != null) {
            pki = cred.certificate().toAbsolutePath().getParent().toString();
            String file = cred.certificate().getFileName().toString();
            as = file.endsWith(".crt") ? file.substring(0, file.length() - 4) : file;
        }
        return new dev.tandem.console.profile.Profile(
                ctx.registry().connections().stream().map(dev.tandem.console.connection.AgentConnection::address).toList(),
                pki, as, cred.insecure() ? Boolean.TRUE : null, selectedGroup.get(), view, agentsShown,
                charts.windowProperty().get(), List.copyOf(charts.selectedCounters()), charts.tableModeProperty().get());
    }

    /** Writes the profile to {@code file} off the FX thread; completes on the UI executor. */
    public java.util.concurrent.CompletableFuture<Void> save(dev.tandem.console.profile.Profile p, java.nio.file.Path file) {
        String text = dev.tandem.console.profile.ProfileFile.format(p);
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                java.nio.file.Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenCompleteAsync((v, err) -> { }, ctx.ui());
    }

    public ConsoleContext context() { return ctx; }
    public ConnectionsViewModel connections() { return connections; }
    public OverviewViewModel overview() { return overview; }
    public MatrixViewModel matrix() { return matrix; }
    public WhatIfViewModel whatIf() { return whatIf; }
    public ChartsViewModel charts() { return charts; }
    public ActionsViewModel actions() { return actions; }
    public ServicesViewModel services() { return services; }
    public ConfigViewModel config() { return config; }
    public AlertsViewModel alerts() { return alerts; }
    public BannerViewModel banner() { return banner; }
    public HistoryViewModel history() { return history; }
    public dev.tandem.console.commands.CommandLogViewModel commands() { return commands; }
    public dev.tandem.console.users.UsersViewModel users() { return users; }
    public ObservableList<String> groupNames() { return groupNames; }
    public dev.tandem.console.fleet.FleetTreeViewModel fleet() { return fleet; }
    public StringProperty selectedGroupProperty() { return selectedGroup; }
}
