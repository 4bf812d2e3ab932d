package dev.tandem.console.overview;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/** Every group as a card: nodes with state icon, reason, since and sentence; matrix row, cause, steps. */
public final class OverviewView extends ScrollPane {
    private final VBox cards = new VBox(12);
    private final OverviewViewModel vm;

    public OverviewView(OverviewViewModel vm) {
        this.vm = vm;
        cards.setPadding(new Insets(10));
        setContent(cards);
        setFitToWidth(true);
        vm.groups().addListener((ListChangeListener<GroupCard>) c -> render());
        render();
    }

    private void render() {
        cards.getChildren().clear();
        if (vm.groups().isEmpty()) {
            Label empty = new Label();
            empty.textProperty().bind(vm.emptyTextProperty());
            empty.setWrapText(true);
            empty.setId("overview-empty");
            cards.getChildren().add(empty);
        }
        for (GroupCard g : vm.groups()) {
            cards.getChildren().add(card(g));
        }
    }

    private VBox card(GroupCard g) {
        Label title = new Label(g.group() + (g.description().isBlank() ? "" : " — " + g.description()));
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold");
        Label source = new Label(g.haText() + " · " + g.source());
        source.setId("group-source-" + g.group());
        if (!g.live()) {
            source.setTextFill(Color.web("#b00020"));
            source.setStyle("-fx-font-weight: bold");
        }
        VBox box = new VBox(6, title, source);
        if (!g.problem().isBlank()) {
            Label p = new Label("⚠ " + g.problem());
            p.setTextFill(Color.web("#b00020"));
            box.getChildren().add(p);
        }
        GridPane nodes = new GridPane();
        nodes.setHgap(12);
        nodes.setVgap(4);
        int row = 0;
        for (NodeCard n : g.nodes()) {
            Label name = new Label(n.name(), new ImageView(n.icon().image()));
            name.setStyle("-fx-font-weight: bold");
            Label state = new Label(n.state() + (n.reason().isBlank() ? "" : " / " + n.reason()));
            state.setId("node-state-" + n.name());
            state.setTextFill(n.icon().color().darker());
            state.setStyle("-fx-font-weight: bold");
            Label since = new Label(n.since());
            Label users = new Label(n.users());
            Label sentence = new Label(n.sentence().isBlank() ? "" : "Last change: " + n.sentence());
            sentence.setStyle("-fx-text-fill: #444");
            sentence.setWrapText(true);
            sentence.setId("node-sentence-" + n.name());
            nodes.addRow(row++, name, state, since, users);
            nodes.add(sentence, 1, row++, 3, 1);
        }
        box.getChildren().add(nodes);
        Label matrix = new Label("Matrix row " + g.matrixId() + ":  " + g.matrixRow());
        matrix.setId("matrix-row-" + g.group());
        matrix.setStyle("-fx-font-weight: bold");
        Label cause = new Label("Cause: " + g.cause());
        cause.setWrapText(true);
        cause.setId("matrix-cause-" + g.group());
        VBox steps = new VBox(2);
        steps.setId("steps-" + g.group());
        Label stepsTitle = new Label("Recommended action:");
        stepsTitle.setStyle("-fx-font-weight: bold");
        steps.getChildren().add(stepsTitle);
        for (String s : g.steps()) {
            Label l = new Label(s);
            l.setWrapText(true);
            l.getStyleClass().add("recommended-step");
            steps.getChildren().add(l);
        }
        Label hb = new Label(g.heartbeat());
        hb.setId("heartbeat-" + g.group());
        if (g.roundTripWarning()) {
            hb.setTextFill(Color.web("#b00020"));
        }
        box.getChildren().addAll(matrix, cause, steps, hb);
        box.setPadding(new Insets(10));
        box.setStyle("-fx-background-color: white; -fx-border-color: " + (g.live() ? "#c8ccd2" : "#d13b3b")
                + "; -fx-border-radius: 4; -fx-background-radius: 4");
        return box;
    }
}
