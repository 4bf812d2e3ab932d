package dev.tandem.console.config;

import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.console.connection.AgentConnection;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.ConsoleContext;
import dev.tandem.contract.GroupRules;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.console.util.ConfirmText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The group's configuration form: group name, description, nodes and Enable HA; the SRM
 * parameters; the user assignment mode. Rules of §4 are checked as the operator types, and
 * what the agent refuses is shown beside the section it belongs to.
 */
public final class ConfigViewModel {
    private final ConsoleContext ctx;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty node1 = new SimpleStringProperty("");
    private final StringProperty node2 = new SimpleStringProperty("");
    private final BooleanProperty haEnabled = new SimpleBooleanProperty(false);
    private final StringProperty nameError = new SimpleStringProperty("");
    private final StringProperty descriptionError = new SimpleStringProperty("");
    private final StringProperty groupAgentError = new SimpleStringProperty("");
    private final Map<ParameterSpec, StringProperty> params = new EnumMap<>(ParameterSpec.class);
    private final Map<ParameterSpec, StringProperty> paramErrors = new EnumMap<>(ParameterSpec.class);
    private final BooleanProperty automaticFallback = new SimpleBooleanProperty(false);
    private final BooleanProperty xcpAuthMonitored = new SimpleBooleanProperty(false);
    private final StringProperty paramsError = new SimpleStringProperty("");
    private final StringProperty paramsAgentError = new SimpleStringProperty("");
    private final ObjectProperty<UserAssignmentMode> mode = new SimpleObjectProperty<>(UserAssignmentMode.BALANCED);
    private final StringProperty modeAgentError = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("Select a group to load its configuration.");
    private final BooleanProperty loaded = new SimpleBooleanProperty(false);
    private final BooleanBinding groupValid;
    private final BooleanBinding paramsValid;
    private AgentConnection source;
    private String loadedGroup;
    /** The configuration as the agent last returned it: what a confirmation compares with. */
    private GroupConfiguration shown;

    public ConfigViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
        name.addListener((o, a, b) -> nameError.set(GroupRules.name(b).orElse("")));
        description.addListener((o, a, b) -> descriptionError.set(GroupRules.description(b).orElse("")));
        for (ParameterSpec p : ParameterSpec.values()) {
            StringProperty v = new SimpleStringProperty(p.format(p.defaultRaw()));
            StringProperty e = new SimpleStringProperty("");
            v.addListener((o, a, b) -> validateParams());
            params.put(p, v);
            paramErrors.put(p, e);
        }
        groupValid = Bindings.createBooleanBinding(() -> loaded.get() && nameError.get().isEmpty()
                && descriptionError.get().isEmpty(), loaded, nameError, descriptionError);
        paramsValid = Bindings.createBooleanBinding(() -> loaded.get() && paramsError.get().isEmpty()
                && paramErrors.values().stream().allMatch(e -> e.get().isEmpty()),
                paramDependencies());
    }

    private javafx.beans.Observable[] paramDependencies() {
        java.util.List<javafx.beans.Observable> deps = new java.util.ArrayList<>(paramErrors.values());
        deps.add(loaded);
        deps.add(paramsError);
        return deps.toArray(new javafx.beans.Observable[0]);
    }

    // ---- properties ----
    public StringProperty nameProperty() { return name; }
    public StringProperty descriptionProperty() { return description; }
    public StringProperty node1Property() { return node1; }
    public StringProperty node2Property() { return node2; }
    public BooleanProperty haEnabledProperty() { return haEnabled; }
    public StringProperty nameErrorProperty() { return nameError; }
    public StringProperty descriptionErrorProperty() { return descriptionError; }
    public StringProperty groupAgentErrorProperty() { return groupAgentError; }
    public StringProperty paramProperty(ParameterSpec p) { return params.get(p); }
    public StringProperty paramErrorProperty(ParameterSpec p) { return paramErrors.get(p); }
    public BooleanProperty automaticFallbackProperty() { return automaticFallback; }
    public BooleanProperty xcpAuthMonitoredProperty() { return xcpAuthMonitored; }
    public StringProperty paramsErrorProperty() { return paramsError; }
    public StringProperty paramsAgentErrorProperty() { return paramsAgentError; }
    public ObjectProperty<UserAssignmentMode> modeProperty() { return mode; }
    public StringProperty modeAgentErrorProperty() { return modeAgentError; }
    public StringProperty messageProperty() { return message; }
    public BooleanProperty loadedProperty() { return loaded; }
    public BooleanBinding groupValidBinding() { return groupValid; }
    public BooleanBinding paramsValidBinding() { return paramsValid; }

    /** Loads the configuration when the selected group changes (or on request). */
    public void refresh(GroupSource selected) {
        if (selected != null && selected.live() && !selected.group().equals(loadedGroup)) {
            load(selected);
        }
    }

    public void load(GroupSource g) {
        source = g.via();
        loadedGroup = g.group();
        message.set("Loading the configuration of " + g.group() + " from " + source.address() + "…");
        source.<GroupConfiguration>call((stub, obs) -> stub.getConfiguration(GetConfigurationRequest.getDefaultInstance(), obs))
                .whenCompleteAsync((c, err) -> {
                    if (err != null) {
                        loadedGroup = null;
                        message.set(explain(err, "Loading the configuration", source.address().toString()));
                    } else {
                        show(c);
                        message.set("Configuration of " + c.getGroup() + " from " + source.address() + ".");
                    }
                }, ctx.ui());
    }

    private void show(GroupConfiguration c) {
        shown = c;
        name.set(c.getGroup());
        description.set(c.getDescription());
        node1.set(c.getNodesCount() > 0 ? c.getNodes(0) : "");
        node2.set(c.getNodesCount() > 1 ? c.getNodes(1) : "");
        haEnabled.set(c.getHaEnabled());
        showParameters(c.getParameters());
        mode.set(c.getUserAssignmentMode() == UserAssignmentMode.USER_ASSIGNMENT_MODE_UNSPECIFIED
                ? UserAssignmentMode.BALANCED : c.getUserAssignmentMode());
        groupAgentError.set("");
        paramsAgentError.set("");
        modeAgentError.set("");
        loaded.set(true);
    }

    private void showParameters(ServiceParameters p) {
        if (shown != null) {
            shown = shown.toBuilder().setParameters(p).build();
        }
        for (ParameterSpec s : ParameterSpec.values()) {
            params.get(s).set(s.format(s.read(p)));
        }
        automaticFallback.set(p.getAutomaticFallbackEnabled());
        xcpAuthMonitored.set(p.getXcpAuthenticationMonitored());
    }

    /** Names what saving the group changes, HA on or off first: that one changes what the SRM does. */
    public ConfirmText groupConfirmation() {
        List<String> changes = new ArrayList<>();
        boolean wasHa = shown != null && shown.getHaEnabled();
        if (shown == null || wasHa != haEnabled.get()) {
            changes.add(haEnabled.get()
                    ? "High availability ON: the SRMs fail over automatically when a node, its critical services"
                      + " or its database fail (after the critical service down delay for services)."
                    : "High availability OFF: no automatic failover at all; if a node or a critical service fails,"
                      + " its users lose service until someone acts.");
        }
        if (shown != null && !shown.getGroup().equals(name.get())) {
            changes.add("Group name: " + shown.getGroup() + " → " + name.get());
        }
        if (shown != null && !shown.getDescription().equals(description.get())) {
            changes.add("Description: \"" + shown.getDescription() + "\" → \"" + description.get() + "\"");
        }
        if (shown != null && !String.join(",", shown.getNodesList()).equals(node1.get() + "," + node2.get())) {
            changes.add("Nodes: " + String.join(", ", shown.getNodesList()) + " → " + node1.get() + ", " + node2.get());
        }
        if (changes.isEmpty()) {
            changes.add("Nothing changed: the same configuration is sent again.");
        }
        String head = shown != null && wasHa != haEnabled.get()
                ? (haEnabled.get() ? "Enable high availability" : "Disable high availability") : "Save group " + name.get();
        return new ConfirmText(head + "?", head, String.join("\n", changes));
    }

    /** Lists each parameter that changes, old → new, and what the most consequential ones do. */
    public ConfirmText parametersConfirmation() {
        List<String> changes = new ArrayList<>();
        ServiceParameters old = shown == null ? null : shown.getParameters();
        for (ParameterSpec p : ParameterSpec.values()) {
            ParameterSpec.Parsed v = p.parse(params.get(p).get());
            if (old != null && v.ok() && v.raw() != p.read(old)) {
                changes.add(p.label() + ": " + p.format(p.read(old)) + " → " + p.format(v.raw())
                        + (p.unit().isEmpty() ? "" : " " + p.unit()));
            }
        }
        if (old != null && old.getAutomaticFallbackEnabled() != automaticFallback.get()) {
            changes.add("Automatic Fallback: " + (automaticFallback.get() ? "ON — users move back without an operator"
                    : "OFF — every fallback is manual"));
        }
        if (old != null && old.getXcpAuthenticationMonitored() != xcpAuthMonitored.get()) {
            changes.add("Monitoring of XCP Authentication Service: " + (xcpAuthMonitored.get() ? "ON" : "OFF"));
        }
        if (changes.isEmpty()) {
            changes.add("Nothing changed: the same parameters are sent again.");
        }
        changes.add("Both nodes of the group take the new values at once (they must match on both peers).");
        return new ConfirmText("Save parameters?", "Save parameters", String.join("\n", changes));
    }

    public ConfirmText resetConfirmation() {
        return new ConfirmText("Reset the form to defaults?", "Reset to defaults",
                "The form is filled with the guide's defaults (heartbeat 15 s, timeout 60 s, critical service down"
                        + " delay 90 s, automatic fallback off). Nothing is sent until you press Save parameters.");
    }

    private final javafx.beans.property.ReadOnlyStringWrapper rawError = new javafx.beans.property.ReadOnlyStringWrapper("");

    /** The raw detail of the last error shown ("" when none), for the Details link. */
    public javafx.beans.property.ReadOnlyStringProperty rawErrorProperty() {
        return rawError.getReadOnlyProperty();
    }

    private String explain(Throwable err, String what, String where) {
        rawError.set(Errors.describe(err));
        return Errors.explain(err, what, where);
    }

    public void resetParametersToDefaults() {
        for (ParameterSpec s : ParameterSpec.values()) {
            if (s.editable()) {
                params.get(s).set(s.format(s.defaultRaw()));
            }
        }
        automaticFallback.set(false);
        xcpAuthMonitored.set(false);
    }

    void validateParams() {
        Map<ParameterSpec, Long> v = new EnumMap<>(ParameterSpec.class);
        for (ParameterSpec p : ParameterSpec.values()) {
            ParameterSpec.Parsed parsed = p.parse(params.get(p).get());
            if (parsed.ok()) {
                v.put(p, parsed.raw());
            }
            if (paramErrors.containsKey(p)) {
                paramErrors.get(p).set(parsed.error());
            }
        }
        String cross = "";
        if (v.size() == ParameterSpec.values().length) {
            if (v.get(ParameterSpec.HEARTBEAT_TIMEOUT) <= v.get(ParameterSpec.HEARTBEAT_INTERVAL)) {
                cross = "The heartbeat timeout must be longer than the heartbeat interval.";
            } else if (v.get(ParameterSpec.INITIALIZATION_TIMEOUT) <= v.get(ParameterSpec.HEARTBEAT_INTERVAL)) {
                cross = "The initialization timeout must be longer than the heartbeat interval.";
            } else if (v.get(ParameterSpec.RELOGIN_UPPER) < v.get(ParameterSpec.RELOGIN_LOWER)) {
                cross = "The re-login upper limit must not be below the lower limit.";
            } else if (v.get(ParameterSpec.SERVICE_PORT).equals(v.get(ParameterSpec.ADMIN_PORT))) {
                cross = "The service port and the admin RPC port must differ.";
            }
        }
        paramsError.set(cross);
    }

    private String groupOf() {
        return loadedGroup == null ? "" : loadedGroup;
    }

    public void applyGroup() {
        if (!groupValid.get() || source == null) {
            return;
        }
        UpdateGroupRequest.Builder req = UpdateGroupRequest.newBuilder().setGroup(name.get())
                .setDescription(description.get()).setHaEnabled(haEnabled.get()).setActor(ctx.actor());
        Optional.ofNullable(node1.get()).filter(s -> !s.isBlank()).ifPresent(req::addNodes);
        Optional.ofNullable(node2.get()).filter(s -> !s.isBlank()).ifPresent(req::addNodes);
        groupAgentError.set("");
        UpdateGroupRequest sent = req.build();
        ctx.<GroupConfiguration>send(source, groupOf(), TandemctlCommands.updateGroup(sent),
                        (stub, obs) -> stub.updateGroup(sent, obs))
                .whenCompleteAsync((c, err) -> {
                    if (err != null) {
                        groupAgentError.set(explain(err, "Saving the group", source.address().toString()));
                    } else {
                        show(c);
                        message.set("Group " + c.getGroup() + " saved.");
                    }
                }, ctx.ui());
    }

    public void applyParameters() {
        validateParams();
        if (!paramsValid.get() || source == null) {
            return;
        }
        ServiceParameters.Builder b = ServiceParameters.newBuilder()
                .setAutomaticFallbackEnabled(automaticFallback.get())
                .setXcpAuthenticationMonitored(xcpAuthMonitored.get());
        for (ParameterSpec p : ParameterSpec.values()) {
            p.write(b, p.parse(params.get(p).get()).raw());
        }
        paramsAgentError.set("");
        SetParametersRequest sent = SetParametersRequest.newBuilder().setParameters(b).setActor(ctx.actor()).build();
        ctx.<ServiceParameters>send(source, groupOf(), TandemctlCommands.setParameters(sent),
                        (stub, obs) -> stub.setParameters(sent, obs))
                .whenCompleteAsync((p, err) -> {
                    if (err != null) {
                        paramsAgentError.set(explain(err, "Saving the parameters", source.address().toString()));
                    } else {
                        showParameters(p);
                        message.set("Service parameters saved.");
                    }
                }, ctx.ui());
    }

    public void applyMode() {
        if (source == null || mode.get() == null) {
            return;
        }
        modeAgentError.set("");
        SetUserAssignmentModeRequest sent = SetUserAssignmentModeRequest.newBuilder().setMode(mode.get())
                .setActor(ctx.actor()).build();
        ctx.<GroupConfiguration>send(source, groupOf(), TandemctlCommands.setAssignmentMode(sent),
                        (stub, obs) -> stub.setUserAssignmentMode(sent, obs))
                .whenCompleteAsync((c, err) -> {
                    if (err != null) {
                        modeAgentError.set(explain(err, "Saving the user assignment mode", source.address().toString()));
                    } else {
                        mode.set(c.getUserAssignmentMode());
                        message.set("User assignment mode saved.");
                    }
                }, ctx.ui());
    }
}
