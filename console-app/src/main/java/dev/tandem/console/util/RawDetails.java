package dev.tandem.console.util;

import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TextArea;

/** The raw error behind a sentence, one click away: a "Details" link that opens it, selectable to copy. */
public final class RawDetails {
    private RawDetails() {}

    public static Hyperlink link(String id, Supplier<String> raw) {
        Hyperlink l = new Hyperlink("Details");
        l.setId(id);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setOnAction(e -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            a.setTitle("Error details");
            a.setHeaderText("The error as the agent or the network reported it");
            TextArea text = new TextArea(raw.get());
            text.setId("raw-details-text");
            text.setEditable(false);
            text.setWrapText(true);
            text.setPrefRowCount(6);
            a.getDialogPane().setContent(text);
            if (l.getScene() != null) {
                a.initOwner(l.getScene().getWindow());
            }
            a.show();
        });
        return l;
    }
}
