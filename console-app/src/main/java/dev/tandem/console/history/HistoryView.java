package dev.tandem.console.history;

import dev.tandem.console.util.Ages;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

/** Event history, newest first, with a text filter. */
public final class HistoryView extends BorderPane {

    public HistoryView(HistoryViewModel vm) {
        TableView<HistoryRow> table = new TableView<>(vm.rows());
        table.setId("history-table");
        // the sentence takes the room left: no horizontal scrolling to read why
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new javafx.scene.control.Label("No events yet."));
        table.getColumns().add(col("Time", r -> Ages.dateClockMillis(r.at()), 185));
        table.getColumns().add(col("Node", HistoryRow::node, 95));
        table.getColumns().add(col("Kind", HistoryRow::kind, 105));
        table.getColumns().add(col("Change", HistoryRow::change, 200));
        table.getColumns().add(col("Reason", HistoryRow::reason, 140));
        table.getColumns().add(col("What happened and why", HistoryRow::sentence, 460));
        table.getColumns().add(col("Detail", HistoryRow::detail, 120));
        // seconds matter during an outage; node and kind must stay readable; the words share the rest
        double[] min = {180, 95, 105};
        for (int i = 0; i < min.length; i++) {
            table.getColumns().get(i).setMinWidth(min[i]);
        }
        TextField filter = new TextField();
        filter.setPromptText("filter: node, state, reason, words…");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefColumnCount(30);
        HBox bar = new HBox(6, new Label("Filter"), filter);
        bar.setPadding(new Insets(6));
        setTop(bar);
        setCenter(table);
    }

    private static TableColumn<HistoryRow, String> col(String title, Function<HistoryRow, String> f, double w) {
        TableColumn<HistoryRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setCellFactory(dev.tandem.console.util.Cells.wrapping());
        dev.tandem.console.util.Cells.headerMinWidth(c);
        return c;
    }
}
