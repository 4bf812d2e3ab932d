package dev.tandem.console.alerts;

import dev.tandem.console.util.Ages;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * The agents' alerts: severity, active or cleared, who acknowledged them (shared by every
 * console). Acknowledge sends to the agent that owns the alert. A failover raises a desktop
 * notification.
 */
public final class AlertsView extends BorderPane {

    public AlertsView(AlertsViewModel vm) {
        TableView<AlertItem> table = new TableView<>(vm.alerts());
        table.setId("alerts-table");
        table.setPlaceholder(new Label("No alerts."));
        table.getColumns().add(col("Raised", a -> Ages.dateClock(a.at()), 150));
        table.getColumns().add(col("Severity", AlertItem::severity, 80));
        table.getColumns().add(col("Alert", AlertItem::type, 150));
        table.getColumns().add(col("Node", AlertItem::node, 100));
        table.getColumns().add(col("Text", AlertItem::text, 400));
        table.getColumns().add(col("State", AlertItem::state, 220));
        table.getColumns().add(col("Acknowledged", AlertItem::acknowledgement, 200));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AlertItem a, boolean empty) {
                super.updateItem(a, empty);
                getStyleClass().removeAll("alert-critical", "alert-warning", "alert-info", "alert-cleared");
                setStyle(empty || a == null || a.acknowledged() ? "" : "-fx-font-weight: bold");
                if (!empty && a != null) {
                    getStyleClass().add(!a.active() ? "alert-cleared" : "alert-" + a.severity().toLowerCase());
                }
            }
        });
        Button ack = new Button("Acknowledge");
        ack.setId("alerts-ack");
        ack.setMinWidth(Region.USE_PREF_SIZE);
        ack.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        ack.setOnAction(e -> vm.acknowledge(table.getSelectionModel().getSelectedItem()));
        Button ackAll = new Button("Acknowledge all");
        ackAll.setId("alerts-ack-all");
        ackAll.setMinWidth(Region.USE_PREF_SIZE);
        ackAll.setOnAction(e -> vm.acknowledgeAll());
        CheckBox activeOnly = new CheckBox("Active only");
        activeOnly.setId("alerts-active-only");
        activeOnly.setMinWidth(Region.USE_PREF_SIZE);
        activeOnly.selectedProperty().bindBidirectional(vm.activeOnlyProperty());
        Label shared = new Label("Acknowledgements are kept by the agent: every console and tandemctl see them.");
        shared.getStyleClass().add("action-hint");
        shared.setWrapText(true);
        shared.setMinHeight(Region.USE_PREF_SIZE);
        shared.setPadding(new Insets(0, 6, 0, 6));
        HBox bar = new HBox(6, ack, ackAll, activeOnly);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label message = new Label();
        message.setId("alerts-message");
        message.setWrapText(true);
        message.getStyleClass().add("alarm-text");
        message.textProperty().bind(vm.messageProperty());
        message.managedProperty().bind(message.textProperty().isNotEmpty());
        message.setMinHeight(Region.USE_PREF_SIZE);
        setTop(new VBox(bar, shared, message));
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
