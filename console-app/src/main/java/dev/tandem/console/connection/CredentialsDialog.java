package dev.tandem.console.connection;

import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Edits the console's credential; OK applies it (and stays open, saying why, when it cannot be used). */
public final class CredentialsDialog extends Dialog<ButtonType> {

    public CredentialsDialog(CredentialsViewModel vm, Window owner) {
        initOwner(owner);
        setTitle("Credentials");
        setHeaderText("What this console presents to the agents. The certificate's role (viewer, operator, admin)"
                + " decides what they let it do.");
        TextField dir = new TextField();
        dir.setId("credentials-pki-dir");
        dir.setPromptText("folder with ca.crt, NAME.crt and NAME.key");
        dir.setPrefColumnCount(28);
        dir.textProperty().bindBidirectional(vm.pkiDirProperty());
        Button browse = new Button("Browse…");
        browse.setMinWidth(Button.USE_PREF_SIZE);
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("PKI folder (tandem-agent init-pki)");
            var chosen = chooser.showDialog(getDialogPane().getScene().getWindow());
            if (chosen != null) {
                vm.pkiDirProperty().set(chosen.getAbsolutePath());
            }
        });
        ComboBox<String> name = new ComboBox<>();
        name.setId("credentials-name");
        name.setEditable(true);
        name.getItems().addAll("viewer", "operator", "admin");
        name.valueProperty().bindBidirectional(vm.nameProperty());
        CheckBox plain = new CheckBox("Plaintext, no certificate (only for agents run with --insecure)");
        plain.setId("credentials-insecure");
        plain.selectedProperty().bindBidirectional(vm.insecureProperty());
        dir.disableProperty().bind(plain.selectedProperty());
        browse.disableProperty().bind(plain.selectedProperty());
        name.disableProperty().bind(plain.selectedProperty());
        Label error = new Label();
        error.setId("credentials-error");
        error.setWrapText(true);
        error.setMaxWidth(520);
        error.getStyleClass().add("alarm-text");
        error.textProperty().bind(vm.errorProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("PKI folder"), dir, browse);
        grid.addRow(1, new Label("Name"), name);
        grid.add(plain, 0, 2, 3, 1);
        grid.add(error, 0, 3, 3, 1);
        GridPane.setHgrow(dir, Priority.ALWAYS);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(ButtonType.OK);
        ok.setText("Use and reconnect");
        ok.setId("credentials-apply");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            if (!vm.apply()) {
                e.consume(); // keep the dialog open with the reason
            }
        });
    }
}
