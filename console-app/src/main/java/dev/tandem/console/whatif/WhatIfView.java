package dev.tandem.console.whatif;

import dev.tandem.console.util.Cells;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Control;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import java.util.function.Function;

/**
 * What-if: choose faults (kind, node, service, time), run them on a copy of the pair (the
 * agent's Simulate), and read the outcome as a timeline of state changes and matrix rows,
 * the users that would move and the recommended action.
 */
public final class WhatIfView extends BorderPane {

    public WhatIfView(WhatIfViewModel vm) {
        ComboBox<WhatIfViewModel.KindChoice> kind = new ComboBox<>(vm.kinds());
        kind.setId("whatif-kind");
        kind.valueProperty().bindBidirectional(vm.kindProperty());
        ComboBox<String> node = new ComboBox<>(vm.nodes());
        node.setId("whatif-node");
        node.valueProperty().bindBidirectional(vm.nodeProperty());
        node.disableProperty().bind(vm.needsNodeProperty().not());
        ComboBox<WhatIfViewModel.ServiceChoice> service = new ComboBox<>(vm.services());
        service.setId("whatif-service");
        service.valueProperty().bindBidirectional(vm.serviceProperty());
        service.visibleProperty().bind(vm.needsServiceProperty());
        service.managedProperty().bind(vm.needsServiceProperty());
        TextField at = new TextField();
        at.setId("whatif-at");
        at.setPrefColumnCount(5);
        at.textProperty().bindBidirectional(vm.atSecondsProperty());
        Button add = new Button("Add fault");
        add.setId("whatif-add");
        add.setOnAction(e -> vm.addFault());
        Button clear = new Button("Clear faults");
        clear.setId("whatif-clear");
        clear.setOnAction(e -> vm.clearFaults());
        Button run = new Button("Run what-if");
        run.setId("whatif-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> vm.run());
        FlowPane chooser = new FlowPane(8, 6, new Label("Fault:"), kind, new Label("on"), node, service,
                new Label("at (s):"), at, add, clear, run);
        Label message = new Label();
        message.setId("whatif-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        ListView<String> faults = new ListView<>(vm.faultLines());
        faults.setId("whatif-faults");
        faults.setPrefHeight(90);
        VBox top = new VBox(6, chooser, faults, message);
        top.setPadding(new Insets(6));
        setTop(top);

        TableView<WhatIfViewModel.Entry> timeline = new TableView<>(vm.timeline());
        timeline.setId("whatif-timeline");
        timeline.setPlaceholder(new Label("Run a what-if to see the timeline."));
        timeline.getColumns().add(col("Time", WhatIfViewModel.Entry::time, 95));
        timeline.getColumns().add(col("What", WhatIfViewModel.Entry::what, 360));
        timeline.getColumns().add(col("Detail", WhatIfViewModel.Entry::detail, 520));
        timeline.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        timeline.getColumns().get(0).setMinWidth(95);
        timeline.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(WhatIfViewModel.Entry item, boolean empty) {
                super.updateItem(item, empty);
                boolean row = item != null && item.row();
                setStyle(row ? "-fx-background-color: #fff3c4" : "");
            }
        });

        Label finalRow = new Label();
        finalRow.setId("whatif-final");
        finalRow.textProperty().bind(vm.finalRowProperty().map(r -> r.isEmpty() ? "" : "Final row: " + r));
        finalRow.setStyle("-fx-font-weight: bold; -fx-font-size: 1.2em");
        Label recommended = new Label();
        recommended.setId("whatif-recommended");
        recommended.setWrapText(true);
        recommended.textProperty().bind(vm.recommendedProperty());
        ListView<String> moves = new ListView<>(vm.moves());
        moves.setId("whatif-moves");
        moves.setPrefHeight(100);
        Label summary = new Label();
        summary.setId("whatif-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        VBox outcome = new VBox(8, finalRow, new TitledPane("Recommended action", recommended),
                new TitledPane("Users that would move", moves), summary);
        outcome.setPadding(new Insets(6));
        outcome.setMinWidth(260);

        SplitPane split = new SplitPane(timeline, outcome);
        split.setDividerPositions(0.64);
        setCenter(split);
    }

    private static TableColumn<WhatIfViewModel.Entry, String> col(String title,
                                                                  Function<WhatIfViewModel.Entry, String> f, double w) {
        TableColumn<WhatIfViewModel.Entry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setCellFactory(WhatIfView::wrapped);
        Cells.headerMinWidth(c);
        return c;
    }

    /** A cell whose text wraps to the column's width, so the row grows instead of cutting the sentence short. */
    private static TableCell<WhatIfViewModel.Entry, String> wrapped(TableColumn<WhatIfViewModel.Entry, String> col) {
        return new TableCell<>() {
            private final Text text = new Text();

            {
                text.wrappingWidthProperty().bind(col.widthProperty().subtract(12));
                setPrefHeight(Control.USE_COMPUTED_SIZE);
            }

            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                text.setText(empty || s == null ? "" : s);
                WhatIfViewModel.Entry e = getTableRow() == null ? null : getTableRow().getItem();
                text.setStyle(e != null && e.row() ? "-fx-font-weight: bold" : "");
                setGraphic(empty || s == null ? null : text);
                setText(null);
            }
        };
    }
}
