package dev.tandem.console.actions;

import dev.tandem.proto.admin.v1.OfferedAction;
import java.util.Optional;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/** Failover / Fallback per node and Recovery per group, enabled only as offered; confirm, progress, outcome. */
public final class ActionsView extends VBox {
    private final ActionsViewModel vm;
    private final GridPane grid = new GridPane();

    public ActionsView(ActionsViewModel vm) {
        super(8);
        this.vm = vm;
        setPadding(new Insets(10));
        Label title = new Label("Manual actions (offered by the agent)");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px");
        grid.setHgap(8);
        grid.setVgap(6);
        Button recovery = new Button("Recovery");
        recovery.setId("action-recovery");
        recovery.disableProperty().bind(vm.recoveryProperty().isNull().or(vm.busyProperty()));
        recovery.setOnAction(e -> confirmAndRun(vm.recoveryProperty().get()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.busyProperty());
        spinner.managedProperty().bind(vm.busyProperty());
        spinner.setMaxSize(18, 18);
        Label progress = new Label();
        progress.setId("action-progress");
        progress.setWrapText(true);
        progress.textProperty().bind(vm.progressProperty());
        Label outcome = new Label();
        outcome.setId("action-outcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());
        outcome.textFillProperty().bind(javafx.beans.binding.Bindings.when(vm.outcomeIsErrorProperty())
                .then(Color.web("#b00020")).otherwise(Color.web("#1d6b35")));
        outcome.setStyle("-fx-font-weight: bold");
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        progress.setMinHeight(Region.USE_PREF_SIZE);
        vm.nodes().addListener((ListChangeListener<ActionsViewModel.NodeActions>) c -> render());
        render();
        getChildren().addAll(title, grid, new HBox(8, recovery), new HBox(8, spinner, progress), outcome);
    }

    private void render() {
        grid.getChildren().clear();
        int row = 0;
        for (ActionsViewModel.NodeActions n : vm.nodes()) {
            Label name = new Label(n.node());
            name.setMinWidth(120);
            grid.addRow(row++, name, button("Failover", n.node(), n.failover()), button("Fallback", n.node(),
                    n.fallback()), hint(n));
        }
    }

    private Label hint(ActionsViewModel.NodeActions n) {
        String text = n.failover().or(n::fallback).map(OfferedAction::getDescription).orElse("nothing offered now");
        Label l = new Label(text);
        l.setStyle("-fx-text-fill: #555; -fx-font-size: 11px");
        return l;
    }

    private Button button(String label, String node, Optional<OfferedAction> offer) {
        Button b = new Button(label);
        b.setId("action-" + label.toLowerCase() + "-" + node);
        b.setMinWidth(90);
        if (offer.isEmpty()) {
            b.setDisable(true);
        } else {
            b.disableProperty().bind(vm.busyProperty());
            b.setOnAction(e -> confirmAndRun(offer.get()));
        }
        return b;
    }

    private void confirmAndRun(OfferedAction a) {
        if (a == null) {
            return;
        }
        ActionsViewModel.Confirmation c = vm.confirmation(a);
        Alert dialog = new Alert(Alert.AlertType.CONFIRMATION, c.body(), ButtonType.OK, ButtonType.CANCEL);
        dialog.setTitle(c.title());
        dialog.setHeaderText(c.header());
        dialog.initOwner(getScene().getWindow());
        dialog.getDialogPane().setId("action-confirmation");
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText(c.header());
        // Enter must not move users: the safe answer is the default
        ok.setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        dialog.showAndWait().filter(r -> r == ButtonType.OK).ifPresent(r -> vm.execute(a));
    }
}
