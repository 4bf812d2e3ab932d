package dev.tandem.console.matrix;

import dev.tandem.proto.admin.v1.MatrixRow;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;

/** The state matrix (M1..M24) with the selected group's current row highlighted. */
public final class MatrixView extends BorderPane {

    public MatrixView(MatrixViewModel vm) {
        TableView<MatrixRow> table = new TableView<>(vm.rows());
        table.setId("matrix-table");
        table.getColumns().add(col("Row", MatrixRow::getId, 50));
        table.getColumns().add(col("Node 1 state / reason", MatrixRow::getNode1, 220));
        table.getColumns().add(col("Node 2 state / reason", MatrixRow::getNode2, 220));
        table.getColumns().add(col("Cause", MatrixRow::getCause, 300));
        table.getColumns().add(col("Recommended action", r -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.getRecommendedActionsCount(); i++) {
                sb.append(i == 0 ? "" : "  ").append(i + 1).append(". ").append(r.getRecommendedActions(i));
            }
            return sb.length() == 0 ? "none" : sb.toString();
        }, 400));
        table.setRowFactory(t -> new TableRow<>() {
            {
                vm.currentRowProperty().addListener((o, a, b) -> paint());
            }

            @Override
            protected void updateItem(MatrixRow item, boolean empty) {
                super.updateItem(item, empty);
                paint();
            }

            private void paint() {
                MatrixRow item = getItem();
                boolean current = item != null && item.getId().equals(vm.currentRowProperty().get());
                setStyle(current ? "-fx-background-color: -tandem-current-row; -fx-font-weight: bold" : "");
                getStyleClass().remove("current-matrix-row");
                if (current) {
                    getStyleClass().add("current-matrix-row");
                }
            }
        });
        Label msg = new Label();
        msg.textProperty().bind(vm.messageProperty().concat(vm.currentRowProperty().isEmpty().get() ? ""
                : ""));
        Label cur = new Label();
        cur.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.currentRowProperty().get().isEmpty() ? "No current row for the selected group."
                        : "Current row of the selected group: " + vm.currentRowProperty().get(),
                vm.currentRowProperty()));
        cur.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        msg.setWrapText(true);
        javafx.scene.layout.HBox top = new javafx.scene.layout.HBox(20, cur, msg);
        top.setPadding(new javafx.geometry.Insets(6));
        setTop(top);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // the whole row, readable without widening columns: the selected row, else the group's current one
        MatrixDetail detail = new MatrixDetail();
        Runnable show = () -> {
            MatrixRow sel = table.getSelectionModel().getSelectedItem();
            if (sel == null) {
                sel = vm.rows().stream().filter(r -> r.getId().equals(vm.currentRowProperty().get())).findFirst()
                        .orElse(null);
            }
            detail.show(sel, vm.currentRowProperty().get());
        };
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> show.run());
        vm.currentRowProperty().addListener((o, a, b) -> show.run());
        vm.rows().addListener((javafx.collections.ListChangeListener<MatrixRow>) c -> show.run());
        show.run();
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(table, detail);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        setCenter(split);
    }

    private static TableColumn<MatrixRow, String> col(String title, Function<MatrixRow, String> f, double w) {
        TableColumn<MatrixRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setCellFactory(dev.tandem.console.util.Cells.wrapping());
        dev.tandem.console.util.Cells.headerMinWidth(c);
        return c;
    }
}
