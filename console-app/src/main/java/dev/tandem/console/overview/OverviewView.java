package dev.tandem.console.overview;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

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

    private static Label wrap(Label l) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private VBox card(GroupCard g) {
        Label title = wrap(new Label(g.group() + (g.description().isBlank() ? "" : " — " + g.description())));
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold");
        Label source = wrap(new Label(g.haText() + " · " + g.source()));
        source.setId("group-source-" + g.group());
        if (!g.live()) {
            source.getStyleClass().add("alarm-text");
            source.setStyle("-fx-font-weight: bold");
        }
        VBox box = new VBox(6, title, source);
        if (!g.problem().isBlank()) {
            Label p = wrap(new Label("⚠ " + g.problem()));
            p.getStyleClass().add("alarm-text");
            box.getChildren().add(p);
        }
        // one block per node; every text wraps, so nothing is cut at 1024 px
        VBox nodes = new VBox(6);
        for (NodeCard n : g.nodes()) {
            Label name = new Label(n.name(), new ImageView(n.icon().image()));
            name.setStyle("-fx-font-weight: bold");
            name.setMinWidth(Region.USE_PREF_SIZE);
            Label state = wrap(new Label(n.state() + (n.reason().isBlank() ? "" : " / " + n.reason())));
            state.setId("node-state-" + n.name());
            state.setTextFill(n.icon().color().darker());
            state.setStyle("-fx-font-weight: bold");
            HBox.setHgrow(state, Priority.ALWAYS);
            Label facts = wrap(new Label(String.join("  ·  ", java.util.stream.Stream.of(n.since(), n.users())
                    .filter(t -> !t.isBlank()).toList())));
            Label sentence = wrap(new Label(n.sentence().isBlank() ? "" : "Last change: " + n.sentence()));
            sentence.getStyleClass().add("muted-text");
            sentence.setId("node-sentence-" + n.name());
            VBox block = new VBox(2, new HBox(10, name, state), facts, sentence);
            block.setPadding(new Insets(0, 0, 0, 4));
            nodes.getChildren().add(block);
        }
        box.getChildren().add(nodes);
        Label matrix = wrap(new Label("Matrix row " + g.matrixId() + ":  " + g.matrixRow()));
        matrix.setId("matrix-row-" + g.group());
        matrix.setStyle("-fx-font-weight: bold");
        Label cause = new Label("Cause: " + g.cause());
        wrap(cause);
        cause.setId("matrix-cause-" + g.group());
        VBox steps = new VBox(2);
        steps.setId("steps-" + g.group());
        Label stepsTitle = new Label("Recommended action:");
        stepsTitle.setStyle("-fx-font-weight: bold");
        steps.getChildren().add(stepsTitle);
        for (String s : g.steps()) {
            Label l = new Label(s);
            wrap(l);
            l.getStyleClass().add("recommended-step");
            steps.getChildren().add(l);
        }
        Label hb = wrap(new Label(g.heartbeat()));
        hb.setId("heartbeat-" + g.group());
        if (g.roundTripWarning()) {
            hb.getStyleClass().add("alarm-text");
        }
        box.getChildren().addAll(matrix, cause, steps, hb);
        box.setPadding(new Insets(10));
        box.getStyleClass().add("group-card");
        if (!g.live()) {
            box.getStyleClass().add("stale");
        }
        box.setStyle("-fx-border-radius: 4; -fx-background-radius: 4");
        return box;
    }
}
