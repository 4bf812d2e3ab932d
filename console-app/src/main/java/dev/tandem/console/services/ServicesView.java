package dev.tandem.console.services;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import dev.tandem.console.util.ConfirmDialog;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Critical services with start/stop, databases, and the replication runtime state table. */
public final class ServicesView extends VBox {

    public ServicesView(ServicesViewModel vm) {
        super(6);
        setPadding(new Insets(10));
        TableView<ServicesViewModel.ServiceRow> services = new TableView<>(vm.services());
        services.setId("services-table");
        services.getColumns().add(col("Node", ServicesViewModel.ServiceRow::node));
        services.getColumns().add(col("Critical service", ServicesViewModel.ServiceRow::service));
        TableColumn<ServicesViewModel.ServiceRow, String> st = col("Status", ServicesViewModel.ServiceRow::status);
        st.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setStyle(!empty && "STOPPED".equals(s) ? "-fx-text-fill: -tandem-alarm; -fx-font-weight: bold" : "");
            }
        });
        services.getColumns().add(st);
        services.getColumns().add(age(vm, ServicesViewModel.ServiceRow::sinceMs));
        services.getColumns().add(col("Binding", ServicesViewModel.ServiceRow::binding));
        services.getColumns().add(col("Detail", ServicesViewModel.ServiceRow::detail));
        TableColumn<ServicesViewModel.ServiceRow, ServicesViewModel.ServiceRow> act = new TableColumn<>("");
        act.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        act.setCellFactory(c -> new TableCell<>() {
            // one button per cell, kept across updates: the rows refresh every second, and a
            // button replaced under the pointer would swallow the click
            private final Button b = new Button();

            {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(ServicesViewModel.ServiceRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                b.setText(r.running() ? "Stop" : "Start");
                b.setId("service-" + (r.running() ? "stop-" : "start-") + r.node() + "-" + r.id());
                b.setOnAction(e -> {
                    if (!ConfirmDialog.ask(this, vm.serviceConfirmation(r, !r.running()))) {
                        return;
                    }
                    if (r.running()) {
                        vm.stop(r);
                    } else {
                        vm.start(r);
                    }
                });
                setGraphic(b);
            }
        });
        dev.tandem.console.util.Cells.buttonColumnWidth(act, "Stop", "Start");
        services.getColumns().add(act);
        services.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableView<ServicesViewModel.DatabaseRow> dbs = new TableView<>(vm.databases());
        dbs.getColumns().add(col("Node", ServicesViewModel.DatabaseRow::node));
        dbs.getColumns().add(col("Database", ServicesViewModel.DatabaseRow::status));
        dbs.getColumns().add(age(vm, ServicesViewModel.DatabaseRow::sinceMs));
        TableColumn<ServicesViewModel.DatabaseRow, ServicesViewModel.DatabaseRow> dbAct = new TableColumn<>("");
        dbAct.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        dbAct.setCellFactory(c -> new TableCell<>() {
            private final Button b = new Button(); // kept across updates, as above

            {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(ServicesViewModel.DatabaseRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                b.setText(r.up() ? "Fail" : "Restore");
                b.setId("database-" + (r.up() ? "fail-" : "restore-") + r.node());
                b.setOnAction(e -> {
                    if (ConfirmDialog.ask(this, vm.databaseConfirmation(r, r.up()))) {
                        vm.database(r, r.up());
                    }
                });
                setGraphic(b);
            }
        });
        dev.tandem.console.util.Cells.buttonColumnWidth(dbAct, "Fail", "Restore");
        dbs.getColumns().add(dbAct);
        dbs.setPrefHeight(110);
        dbs.setMinHeight(110);
        TableView<ServicesViewModel.ReplRow> repl = new TableView<>(vm.replication());
        repl.getColumns().add(col("Server", ServicesViewModel.ReplRow::node));
        repl.getColumns().add(col("Address", ServicesViewModel.ReplRow::address));
        repl.getColumns().add(col("Ping (ms)", ServicesViewModel.ReplRow::pingMs));
        repl.getColumns().add(col("Queue", ServicesViewModel.ReplRow::queue));
        repl.getColumns().add(col("Replication setup", ServicesViewModel.ReplRow::setupText));
        repl.setPrefHeight(110);
        repl.setMinHeight(110);
        repl.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        dbs.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label msg = new Label();
        msg.setId("services-message");
        msg.setWrapText(true);
        msg.setMinHeight(Region.USE_PREF_SIZE);
        msg.textProperty().bind(vm.messageProperty());
        javafx.scene.control.Hyperlink details = dev.tandem.console.util.RawDetails.link("services-error-details",
                vm.rawErrorProperty()::get);
        details.visibleProperty().bind(vm.rawErrorProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());
        VBox.setVgrow(services, Priority.ALWAYS);
        getChildren().addAll(bold("Critical services"), services, new HBox(8, msg, details),
                new HBox(16, box(bold("Databases"), dbs), box(bold("Replication (runtime state)"), repl)));
    }

    /** "Time in status", counted on from the row's start time as the console's clock moves. */
    private static <R> TableColumn<R, String> age(ServicesViewModel vm, java.util.function.ToLongFunction<R> since) {
        TableColumn<R, String> c = new TableColumn<>("Time in status");
        c.setCellValueFactory(d -> javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.timeInStatus(since.applyAsLong(d.getValue())), vm.nowProperty()));
        c.setPrefWidth(130);
        dev.tandem.console.util.Cells.headerMinWidth(c);
        c.setCellFactory(dev.tandem.console.util.Cells.wrapping());
        return c;
    }

    /** A titled table that grows with the window but never gets narrower than its columns' headers. */
    private static VBox box(Label l, TableView<?> t) {
        VBox v = new VBox(4, l, t);
        HBox.setHgrow(v, Priority.ALWAYS);
        v.setMinWidth(t.getColumns().stream().mapToDouble(c -> c.getMinWidth()).sum() + 4);
        return v;
    }

    private static Label bold(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold");
        return l;
    }

    private static <R> TableColumn<R, String> col(String title, Function<R, String> f) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(130);
        dev.tandem.console.util.Cells.headerMinWidth(c);
        c.setCellFactory(dev.tandem.console.util.Cells.wrapping());
        return c;
    }
}
