package dev.tandem.console.matrix;

import dev.tandem.proto.admin.v1.MatrixRow;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** One matrix row in full: both nodes' state / reason, the cause and the numbered recommended steps. */
final class MatrixDetail extends ScrollPane {
    private final VBox box = new VBox(6);

    MatrixDetail() {
        setId("matrix-detail");
        box.setPadding(new Insets(8, 10, 8, 10));
        setContent(box);
        setFitToWidth(true);
    }

    void show(MatrixRow r, String current) {
        box.getChildren().clear();
        if (r == null) {
            box.getChildren().add(wrap(new Label("Select a row to read it in full.")));
            return;
        }
        Label title = new Label("Row " + r.getId() + (r.getId().equals(current) ? " — the selected group is in this row" : ""));
        title.setId("matrix-detail-title");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 13px");
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(4);
        g.addRow(0, key("Node 1"), wrap(new Label(r.getNode1())));
        g.addRow(1, key("Node 2"), wrap(new Label(r.getNode2())));
        g.addRow(2, key("Cause"), wrap(new Label(r.getCause())));
        VBox steps = new VBox(2);
        for (int i = 0; i < r.getRecommendedActionsCount(); i++) {
            Label s = wrap(new Label((i + 1) + ". " + r.getRecommendedActions(i)));
            s.getStyleClass().add("matrix-detail-step");
            steps.getChildren().add(s);
        }
        if (r.getRecommendedActionsCount() == 0) {
            steps.getChildren().add(wrap(new Label("No action needed.")));
        }
        g.addRow(3, key("Recommended"), steps);
        GridPane.setHgrow(steps, Priority.ALWAYS);
        box.getChildren().addAll(title, g);
    }

    private static Label key(String s) {
        Label l = new Label(s);
        l.setStyle("-fx-font-weight: bold");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label wrap(Label l) {
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        GridPane.setHgrow(l, Priority.ALWAYS);
        return l;
    }
}
