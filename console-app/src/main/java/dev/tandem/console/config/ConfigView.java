package dev.tandem.console.config;

import dev.tandem.console.util.ConfirmDialog;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The configuration form, with each rule's error beside its field and the agent's errors in their section. */
public final class ConfigView extends ScrollPane {

    public ConfigView(ConfigViewModel vm) {
        VBox root = new VBox(10);
        root.setPadding(new Insets(10));
        Label msg = new Label();
        msg.setId("config-message");
        msg.setWrapText(true);
        msg.textProperty().bind(vm.messageProperty());
        javafx.scene.control.Hyperlink details = dev.tandem.console.util.RawDetails.link("config-error-details",
                vm.rawErrorProperty()::get);
        details.visibleProperty().bind(vm.rawErrorProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());

        GridPane group = grid();
        int r = 0;
        TextField name = field("config-name", vm.nameProperty());
        group.addRow(r++, label("Group name"), name, error("config-name-error", vm.nameErrorProperty()));
        TextField desc = field("config-description", vm.descriptionProperty());
        group.addRow(r++, label("Description"), desc,
                error("config-description-error", vm.descriptionErrorProperty()));
        group.addRow(r++, label("Node 1"), field("config-node1", vm.node1Property()));
        group.addRow(r++, label("Node 2"), field("config-node2", vm.node2Property()));
        CheckBox ha = new CheckBox("Enable High Availability");
        ha.setId("config-ha");
        ha.selectedProperty().bindBidirectional(vm.haEnabledProperty());
        group.add(ha, 1, r++);
        Button saveGroup = new Button("Save group");
        saveGroup.setMinWidth(Region.USE_PREF_SIZE);
        saveGroup.setId("config-save-group");
        saveGroup.disableProperty().bind(vm.groupValidBinding().not());
        saveGroup.setOnAction(e -> {
            if (ConfirmDialog.ask(saveGroup, vm.groupConfirmation())) {
                vm.applyGroup();
            }
        });
        group.addRow(r++, new Label(), saveGroup, error("config-group-agent-error", vm.groupAgentErrorProperty()));

        GridPane params = grid();
        r = 0;
        for (ParameterSpec p : ParameterSpec.values()) {
            TextField f = field("param-" + p.name(), vm.paramProperty(p));
            f.setPrefColumnCount(8);
            f.setEditable(p.editable());
            f.setFocusTraversable(p.editable());
            Label hint = new Label(p.hint());
            hint.getStyleClass().add("muted-text");
            hint.setStyle("-fx-font-size: 11px");
            hint.setWrapText(true);
            hint.setMinHeight(Region.USE_PREF_SIZE);
            GridPane.setHgrow(hint, Priority.ALWAYS);
            // the field keeps its width; the hint and the error wrap under each other in the last column
            f.setMinWidth(Region.USE_PREF_SIZE);
            VBox notes = new VBox(2, hint, error("param-error-" + p.name(), vm.paramErrorProperty(p)));
            GridPane.setHgrow(notes, Priority.ALWAYS);
            params.addRow(r++, label(p.label() + (p.unit().isEmpty() ? "" : " (" + p.unit() + ")")), f, notes);
        }
        CheckBox autoFallback = new CheckBox("Enable Automatic Fallback (default off)");
        autoFallback.selectedProperty().bindBidirectional(vm.automaticFallbackProperty());
        CheckBox xcp = new CheckBox("Enable monitoring of XCP Authentication Service (default off)");
        xcp.selectedProperty().bindBidirectional(vm.xcpAuthMonitoredProperty());
        autoFallback.setWrapText(true);
        xcp.setWrapText(true);
        params.add(autoFallback, 1, r++, 2, 1);
        params.add(xcp, 1, r++, 2, 1);
        Button saveParams = new Button("Save parameters");
        saveParams.setId("config-save-params");
        saveParams.disableProperty().bind(vm.paramsValidBinding().not());
        saveParams.setOnAction(e -> {
            if (ConfirmDialog.ask(saveParams, vm.parametersConfirmation())) {
                vm.applyParameters();
            }
        });
        Button defaults = new Button("Reset to defaults");
        defaults.setId("config-reset-defaults");
        defaults.setOnAction(e -> {
            if (ConfirmDialog.ask(defaults, vm.resetConfirmation())) {
                vm.resetParametersToDefaults();
            }
        });
        saveParams.setMinWidth(Region.USE_PREF_SIZE);
        defaults.setMinWidth(Region.USE_PREF_SIZE);
        params.add(new javafx.scene.layout.HBox(8, saveParams, defaults), 1, r++, 2, 1);
        params.add(error("config-params-error", vm.paramsErrorProperty()), 1, r++, 2, 1);
        params.add(error("config-params-agent-error", vm.paramsAgentErrorProperty()), 1, r++, 2, 1);

        GridPane modeGrid = grid();
        ComboBox<UserAssignmentMode> mode = new ComboBox<>();
        mode.setId("config-mode");
        mode.getItems().addAll(UserAssignmentMode.BALANCED, UserAssignmentMode.ACTIVE_STANDBY, UserAssignmentMode.NONE);
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(UserAssignmentMode m) {
                return m == null ? "" : switch (m) {
                    case BALANCED -> "Balanced";
                    case ACTIVE_STANDBY -> "Active-Standby";
                    case NONE -> "None";
                    default -> m.name();
                };
            }

            @Override
            public UserAssignmentMode fromString(String s) {
                return null;
            }
        });
        Button saveMode = new Button("Save mode");
        saveMode.setMinWidth(Region.USE_PREF_SIZE);
        saveMode.disableProperty().bind(vm.loadedProperty().not());
        saveMode.setOnAction(e -> vm.applyMode());
        modeGrid.addRow(0, label("User Assignment Mode"), mode, saveMode,
                error("config-mode-agent-error", vm.modeAgentErrorProperty()));
        Label modeHelp = new Label("Balanced (default): users spread over both nodes · Active-Standby: all users on "
                + "the first node · None: no users assigned");
        modeHelp.getStyleClass().add("muted-text");
        modeHelp.setStyle("-fx-font-size: 11px");
        modeHelp.setWrapText(true);
        modeHelp.setMinHeight(Region.USE_PREF_SIZE);
        ha.setMinWidth(Region.USE_PREF_SIZE);

        root.getChildren().addAll(new javafx.scene.layout.HBox(8, msg, details), title("Presence redundancy group"), group, title("Server Recovery Manager parameters"),
                params, title("User assignment"), modeGrid, modeHelp);
        setContent(root);
        setFitToWidth(true);
    }

    /** A form label that keeps its whole text: the field beside it gives way, not the label. */
    private static Label label(String s) {
        Label l = new Label(s);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(6);
        return g;
    }

    private static Label title(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold; -fx-font-size: 13px");
        return l;
    }

    private static TextField field(String id, StringProperty p) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(p);
        f.setPrefColumnCount(28);
        return f;
    }

    private static Label error(String id, StringProperty p) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(p);
        l.getStyleClass().add("alarm-text");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        GridPane.setHgrow(l, Priority.ALWAYS);
        return l;
    }
}
