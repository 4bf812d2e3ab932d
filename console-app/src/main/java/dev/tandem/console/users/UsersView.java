package dev.tandem.console.users;

import dev.tandem.console.util.Cells;
import dev.tandem.console.util.ConfirmDialog;
import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** Users of the selected group: search, add, remove, assignment mode; refusals in the agent's words. */
public final class UsersView extends BorderPane {

    public UsersView(UsersViewModel vm) {
        TextField search = new TextField();
        search.setId("users-filter");
        search.setPromptText("search user ids (part of an id, any case)");
        search.setPrefColumnCount(22);
        search.textProperty().bindBidirectional(vm.filterProperty());
        Label summary = wrapping("users-summary", vm.summaryProperty());
        HBox.setHgrow(summary, Priority.ALWAYS);
        HBox top = new HBox(8, fixed(new Label("Search")), search, summary);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6));

        TableView<UserRow> table = new TableView<>(vm.rows());
        table.setId("users-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        Label empty = new Label("No user matches (or no group selected yet).");
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.getColumns().add(col("User", UserRow::user, 220));
        table.getColumns().add(col("Home node", UserRow::home, 140));
        table.getColumns().add(col("Serving node", UserRow::serving, 140));
        table.getColumns().add(col("Session", UserRow::session, 220));

        Button more = fixed(new Button("Load more"));
        more.setId("users-more");
        more.disableProperty().bind(vm.hasMoreProperty().not());
        more.setOnAction(e -> vm.load(true));

        TextField add = new TextField();
        add.setId("users-add-ids");
        add.setPromptText("user ids, separated by spaces or commas");
        add.setPrefColumnCount(24);
        add.textProperty().bindBidirectional(vm.toAddProperty());
        Button addButton = fixed(new Button("Add users…"));
        addButton.setId("users-add");
        addButton.disableProperty().bind(vm.busyProperty());
        addButton.setOnAction(e -> {
            String problem = vm.addProblem();
            if (!problem.isEmpty()) {
                vm.add(); // shows the problem, sends nothing
            } else if (ConfirmDialog.ask(addButton, vm.addConfirmation())) {
                vm.add();
            }
        });
        Button remove = fixed(new Button("Remove selected…"));
        remove.setId("users-remove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull().or(vm.busyProperty()));
        remove.setOnAction(e -> {
            List<String> users = table.getSelectionModel().getSelectedItems().stream().map(UserRow::user).toList();
            if (ConfirmDialog.ask(remove, vm.removeConfirmation(users))) {
                vm.remove(users);
            }
        });

        ComboBox<UserAssignmentMode> mode = new ComboBox<>();
        mode.setId("users-mode");
        mode.getItems().addAll(UserAssignmentMode.BALANCED, UserAssignmentMode.ACTIVE_STANDBY, UserAssignmentMode.NONE);
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setConverter(new StringConverter<>() {
            @Override
            public String toString(UserAssignmentMode m) {
                return m == null ? "" : TandemctlCommands.modeLabel(m);
            }

            @Override
            public UserAssignmentMode fromString(String s) {
                return null;
            }
        });
        Button saveMode = fixed(new Button("Save mode…"));
        saveMode.setId("users-save-mode");
        saveMode.disableProperty().bind(vm.busyProperty());
        saveMode.setOnAction(e -> {
            if (ConfirmDialog.ask(saveMode, vm.modeConfirmation())) {
                vm.applyMode();
            }
        });

        FlowPane actions = new FlowPane(8, 6, fixed(new Label("Add")), add, addButton, remove, more,
                fixed(new Label("Assignment mode")), mode, saveMode);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = wrapping("users-message", vm.messageProperty());
        Label error = wrapping("users-error", vm.errorProperty());
        error.setStyle("-fx-text-fill: #b00020");
        VBox bottom = new VBox(4, actions, message, error);
        bottom.setPadding(new Insets(6));
        setTop(top);
        setCenter(table);
        setBottom(bottom);
    }

    private static Label wrapping(String id, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.textProperty().bind(text);
        return l;
    }

    private static <T extends Region> T fixed(T r) {
        r.setMinWidth(Region.USE_PREF_SIZE);
        return r;
    }

    private static TableColumn<UserRow, String> col(String title, Function<UserRow, String> f, double w) {
        TableColumn<UserRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setCellFactory(Cells.wrapping());
        Cells.headerMinWidth(c);
        return c;
    }
}
