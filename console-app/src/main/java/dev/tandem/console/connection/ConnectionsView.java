package dev.tandem.console.connection;

import dev.tandem.console.util.StateIcon;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The agent list on the left: add by host:port, remove, retry; state, backoff and data age per agent. */
public final class ConnectionsView extends VBox {

    public ConnectionsView(ConnectionsViewModel vm) {
        super(6);
        setPadding(new Insets(8));
        setPrefWidth(300);
        Label title = new Label("Agents");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px");
        TextField input = new TextField();
        input.setId("agent-address");
        input.setPromptText("host:port, e.g. 127.0.0.1:20075");
        input.textProperty().bindBidirectional(vm.addressInputProperty());
        Button add = new Button("Add");
        add.setId("agent-add");
        add.setDefaultButton(false);
        add.setMinWidth(Region.USE_PREF_SIZE); // the address field gives way, never the button
        add.setOnAction(e -> vm.add());
        input.setOnAction(e -> vm.add());
        HBox.setHgrow(input, Priority.ALWAYS);
        Label error = new Label();
        error.setId("agent-add-error");
        error.getStyleClass().add("alarm-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.addErrorProperty());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        ListView<ConnectionsViewModel.AgentRow> list = new ListView<>(vm.rows());
        list.setId("agent-list");
        list.setCellFactory(l -> new AgentCell(vm));
        VBox.setVgrow(list, Priority.ALWAYS);
        Label identity = new Label();
        identity.setId("credentials-summary");
        identity.setWrapText(true);
        identity.setMinHeight(Region.USE_PREF_SIZE); // wrapped, never cut, when the pane is short (under the fleet tree)
        identity.setStyle("-fx-font-size: 11px");
        identity.textProperty().bind(vm.credentials().summaryProperty());
        Button credentials = new Button("Credentials…");
        credentials.setId("credentials-open");
        credentials.setMinWidth(Button.USE_PREF_SIZE);
        credentials.setOnAction(e -> new CredentialsDialog(vm.credentials(), getScene().getWindow()).showAndWait());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox.setHgrow(identity, Priority.ALWAYS);
        getChildren().addAll(title, new HBox(4, identity, gap, credentials), new HBox(4, input, add), error, list);
    }

    private static final class AgentCell extends ListCell<ConnectionsViewModel.AgentRow> {
        private final ConnectionsViewModel vm;

        AgentCell(ConnectionsViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(ConnectionsViewModel.AgentRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            StateIcon icon = switch (row.state()) {
                case CONNECTED -> StateIcon.NORMAL;
                case CONNECTING, RECONNECTING -> StateIcon.TRANSITIONAL;
                case FAILED -> StateIcon.FAILED;
                case CLOSED -> StateIcon.UNKNOWN;
            };
            Label addr = new Label(row.address().toString() + "  " + row.stateText(), new ImageView(icon.image()));
            addr.setStyle("-fx-font-weight: bold");
            addr.setWrapText(true);
            addr.setMinHeight(Region.USE_PREF_SIZE);
            addr.setMaxWidth(240);
            addr.getStyleClass().add("agent-state");
            Label group = new Label(row.group());
            group.setWrapText(true);
            group.setMaxWidth(240);
            group.setMinHeight(Region.USE_PREF_SIZE);
            Label detail = new Label(row.detail());
            detail.setWrapText(true);
            detail.setMaxWidth(240);
            detail.setMinHeight(Region.USE_PREF_SIZE);
            detail.setStyle("-fx-font-size: 11px");
            if (row.state() != ConnectionState.CONNECTED) {
                detail.getStyleClass().add("alarm-text");
            }
            Button retry = new Button("Retry");
            retry.setOnAction(e -> vm.retry(row));
            retry.setVisible(row.state() == ConnectionState.FAILED || row.state() == ConnectionState.RECONNECTING);
            Button remove = new Button("Remove");
            remove.setOnAction(e -> vm.remove(row));
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox buttons = new HBox(4, gap, retry, remove);
            if (!row.raw().isBlank() && row.state() != ConnectionState.CONNECTED) {
                buttons.getChildren().add(1, dev.tandem.console.util.RawDetails.link("agent-error-details", row::raw));
            }
            VBox box = new VBox(2, addr, group, detail, buttons);
            box.setId("agent-" + row.address().toString().replaceAll("[^A-Za-z0-9_-]", "-"));
            setGraphic(box);
            setText(null);
        }
    }
}
