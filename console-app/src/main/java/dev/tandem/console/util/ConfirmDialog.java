package dev.tandem.console.util;

import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;

/** The one confirmation dialog of the console: the confirming button names the act; Enter cancels. */
public final class ConfirmDialog {
    public static final String ID = "action-confirmation";

    private ConfirmDialog() {}

    /** Shows the dialog and waits; true when the operator confirmed. */
    public static boolean ask(Node owner, ConfirmText c) {
        Alert dialog = new Alert(Alert.AlertType.CONFIRMATION, "", ButtonType.OK, ButtonType.CANCEL);
        dialog.setTitle(c.title());
        dialog.setHeaderText(c.header());
        Label body = new Label(c.body());
        body.setWrapText(true);
        body.setId("confirmation-body");
        body.setMaxWidth(520);
        body.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.getDialogPane().setContent(body);
        if (owner != null && owner.getScene() != null) {
            dialog.initOwner(owner.getScene().getWindow());
            dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getRoot().getStylesheets());
        }
        dialog.getDialogPane().setId(ID);
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setText(c.header());
        ok.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        // Enter must not change the group: the safe answer is the default
        ok.setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return dialog.showAndWait().filter(r -> r == ButtonType.OK).isPresent();
    }
}
