package dev.tandem.console.alerts;

import dev.tandem.console.util.Ages;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Alert list with acknowledge and clear; shows a desktop notification when a failover happens. */
public final class AlertsView extends BorderPane {

    public AlertsView(AlertsViewModel vm) {
        TableView<AlertItem> table = new TableView<>(vm.alerts());
        table.setId("alerts-table");
        table.setPlaceholder(new javafx.scene.control.Label("No alerts."));
        table.getColumns().add(col("Time", a -> Ages.dateClock(a.at()), 160));
        table.getColumns().add(col("Alert", AlertItem::type, 170));
        table.getColumns().add(col("Node", AlertItem::node, 110));
        table.getColumns().add(col("Text", AlertItem::text, 520));
        table.getColumns().add(col("Ack", a -> a.acknowledged() ? "✓" : "", 40));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AlertItem a, boolean empty) {
                super.updateItem(a, empty);
                setStyle(empty || a == null || a.acknowledged() ? "" : "-fx-font-weight: bold");
            }
        });
        Button ack = new Button("Acknowledge");
        ack.setOnAction(e -> {
            AlertItem a = table.getSelectionModel().getSelectedItem();
            if (a != null) {
                vm.acknowledge(a);
            }
        });
        Button ackAll = new Button("Acknowledge all");
        ackAll.setOnAction(e -> vm.acknowledgeAll());
        Button clear = new Button("Clear");
        clear.setOnAction(e -> {
            AlertItem a = table.getSelectionModel().getSelectedItem();
            if (a != null) {
                vm.clear(a);
            }
        });
        Button clearAck = new Button("Clear acknowledged");
        clearAck.setOnAction(e -> vm.clearAcknowledged());
        HBox bar = new HBox(6, ack, ackAll, clear, clearAck);
        bar.setPadding(new Insets(6));
        setTop(bar);
        setCenter(table);
        vm.setNotifier((title, text) -> {
            if (getScene() != null && getScene().getWindow() != null && getScene().getWindow().isShowing()) {
                Notifications.create().title(title).text(text).owner(getScene().getWindow())
                        .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(8)).showWarning();
            }
        });
    }

    private static TableColumn<AlertItem, String> col(String title, Function<AlertItem, String> f, double w) {
        TableColumn<AlertItem, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setCellFactory(dev.tandem.console.util.Cells.wrapping());
        dev.tandem.console.util.Cells.headerMinWidth(c);
        return c;
    }
}
