package dev.tandem.console.actions;

import dev.tandem.console.util.Glyphs;
import dev.tandem.console.util.ConfirmDialog;
import dev.tandem.console.util.ConfirmText;
import dev.tandem.console.util.RawDetails;
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
        Button recovery = new Button("Recovery", Glyphs.RECOVER.icon());
        recovery.setId("action-recovery");
        recovery.setMinWidth(Region.USE_PREF_SIZE);
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
        Label recoveryWhy = new Label();
        recoveryWhy.setId("action-recovery-hint");
        recoveryWhy.getStyleClass().add("action-hint");
        recoveryWhy.setWrapText(true);
        recoveryWhy.setMinHeight(Region.USE_PREF_SIZE);
        recoveryWhy.textProperty().bind(vm.recoveryRefusalProperty());
        recovery.setMinWidth(Region.USE_PREF_SIZE);
        HBox recoveryRow = new HBox(8, recovery, recoveryWhy);
        HBox.setHgrow(recoveryWhy, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.control.Hyperlink details = RawDetails.link("action-error-details", vm.rawErrorProperty()::get);
        details.visibleProperty().bind(vm.rawErrorProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());
        HBox.setHgrow(outcome, javafx.scene.layout.Priority.ALWAYS);
        getChildren().addAll(title, grid, recoveryRow, new HBox(8, spinner, progress), new HBox(8, outcome, details));
    }

    private void render() {
        grid.getChildren().clear();
        int row = 0;
        for (ActionsViewModel.NodeActions n : vm.nodes()) {
            Label name = new Label(n.node());
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.setStyle("-fx-font-weight: bold");
            grid.addRow(row++, name, button("Failover", Glyphs.FAILOVER, n.node(), n.failover(), n.failoverRefusal()),
                    button("Fallback", Glyphs.FALLBACK, n.node(), n.fallback(), n.fallbackRefusal()), hint(n));
        }
    }

    private Label hint(ActionsViewModel.NodeActions n) {
        Label l = new Label(n.hint());
        l.setId("action-hint-" + n.node());
        l.getStyleClass().add("action-hint");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        GridPane.setHgrow(l, javafx.scene.layout.Priority.ALWAYS);
        return l;
    }

    private Button button(String label, Glyphs glyph, String node, Optional<OfferedAction> offer, String refusal) {
        Button b = new Button(label, glyph.icon());
        b.setId("action-" + label.toLowerCase() + "-" + node);
        b.setMinWidth(Region.USE_PREF_SIZE); // never "Fa…": the whole word, whatever the width
        if (offer.isEmpty()) {
            b.setDisable(true);
            // a disabled control shows no tooltip: the hint beside it says why
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
        // the agent's pre-flight checks first (at most a short wait), so the dialog names what it found
        vm.preflight(a).thenAccept(checks -> {
            ActionsViewModel.Confirmation c = vm.confirmation(a, checks);
            if (ConfirmDialog.ask(this, new ConfirmText(c.title(), c.header(), c.body()))) {
                vm.execute(a);
            }
        });
    }
}
