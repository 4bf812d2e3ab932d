package dev.tandem.console.commands;

import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Cells;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/** The command log: what the console sent, as tandemctl lines to copy (button, context menu, Ctrl+C). */
public final class CommandLogView extends BorderPane {

    public CommandLogView(CommandLogViewModel vm) {
        TableView<CommandEntry> table = new TableView<>(vm.rows());
        table.setId("command-log-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        Label empty = new Label("Nothing sent yet: each action taken in this console is listed here with its"
                + " tandemctl line.");
        empty.setWrapText(true);
        table.setPlaceholder(empty);
        table.getColumns().add(col("Time", e -> Ages.dateClockMillis(e.at()), 185, 180));
        table.getColumns().add(col("Group", CommandEntry::group, 110, 80));
        table.getColumns().add(col("Action", CommandEntry::label, 200, 120));
        table.getColumns().add(col("tandemctl line", CommandEntry::line, 420, 200));
        table.getColumns().add(col("Outcome", e -> e.outcome().isBlank() ? "waiting for the agent…" : e.outcome(), 220, 120));

        Button copy = new Button("Copy line");
        copy.setId("command-log-copy");
        copy.setTooltip(new Tooltip("Copy the selected rows' tandemctl lines (Ctrl+C)"));
        copy.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        copy.setOnAction(e -> copy(CommandLogViewModel.copyText(table.getSelectionModel().getSelectedItems())));
        Button copyAll = new Button("Copy as runbook");
        copyAll.setId("command-log-copy-all");
        copyAll.setTooltip(new Tooltip("Copy every row shown, oldest first, each line after a comment with its time"
                + " and outcome"));
        copyAll.setOnAction(e -> copy(vm.runbookText()));
        MenuItem copyItem = new MenuItem("Copy tandemctl line");
        copyItem.setId("command-log-copy-menu");
        copyItem.setOnAction(e -> copy(CommandLogViewModel.copyText(table.getSelectionModel().getSelectedItems())));
        table.setContextMenu(new ContextMenu(copyItem));
        table.setOnKeyPressed(k -> {
            if (k.isShortcutDown() && k.getCode() == javafx.scene.input.KeyCode.C
                    && !table.getSelectionModel().isEmpty()) {
                copy(CommandLogViewModel.copyText(table.getSelectionModel().getSelectedItems()));
            }
        });

        TextField filter = new TextField();
        filter.setPromptText("filter: group, node, command…");
        filter.textProperty().bindBidirectional(vm.filterProperty());
        filter.setPrefColumnCount(24);
        for (Region r : new Region[] {copy, copyAll}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        Label filterLabel = new Label("Filter");
        filterLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(6, filterLabel, filter, copy, copyAll);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label where = new Label();
        where.setId("command-log-where");
        where.setWrapText(true);
        where.textProperty().bind(vm.whereKeptProperty());
        where.setPadding(new Insets(4, 6, 4, 6));
        setTop(bar);
        setCenter(table);
        setBottom(where);
    }

    /**
     * A cell whose text wraps to the column's width and makes the row as tall as it needs:
     * a tandemctl line is read whole, never cut with an ellipsis.
     */
    private static final class WrappedCell extends javafx.scene.control.TableCell<CommandEntry, String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        WrappedCell() {
            // a Text wraps at its wrapping width and reports the wrapped height, so the row grows
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            text.getStyleClass().add("text");
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            setPrefHeight(Region.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            text.setText(empty || s == null ? "" : s);
            setGraphic(empty || s == null ? null : text);
        }
    }

    private static void copy(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }

    private static TableColumn<CommandEntry, String> col(String title, Function<CommandEntry, String> f, double w,
                                                         double min) {
        TableColumn<CommandEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        c.setPrefWidth(w);
        c.setMinWidth(min);
        c.setCellFactory(col -> new WrappedCell());
        Cells.headerMinWidth(c);
        return c;
    }
}
