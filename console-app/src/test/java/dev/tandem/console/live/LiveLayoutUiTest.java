package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.Clipping;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Nothing an operator needs is cut short: on every tab, in M1 and after an automatic failover,
 * every label, button, column header and cell shows its whole text (or a tooltip with it).
 * Run at the smallest supported window, 1024x700; {@link LiveLayoutLargeUiTest} runs 1920x1080.
 */
class LiveLayoutUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Override
    protected double width() {
        return 1024;
    }

    @Override
    protected double height() {
        return 700;
    }

    private List<String> clippedOnEveryTab(FxRobot robot) {
        List<String> out = new ArrayList<>();
        for (Tab t : view.tabs().getTabs()) {
            robot.interact(() -> view.tabs().getSelectionModel().select(t));
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> view.applyCss());
            robot.interact(() -> view.layout());
            List<String> c = new ArrayList<>();
            robot.interact(() -> c.addAll(Clipping.clipped(view)));
            c.forEach(s -> out.add(t.getText() + ": " + s));
        }
        return out;
    }

    @Test
    void noTextIsCutInNormalOperationNorAfterAnAutomaticFailover(FxRobot robot) {
        until("both nodes Normal", () -> text(robot, "#node-state-" + A).startsWith("Normal"));
        until("services listed", () -> robot.lookup("#services-table").tryQuery().isPresent());
        assertThat(clippedOnEveryTab(robot)).as("cut text in M1").isEmpty();
        String service = live.status(A).getNodes(0).getServices(0).getId();
        live.stub(A).stopCriticalService(CriticalServiceRequest.newBuilder().setNode(A).setService(service)
                .setActor("test").build());
        until("failed over", () -> !live.status(A).getMatrix().getRow().getId().equals("M1")
                && text(robot, "#node-state-" + A).contains("Failed Over"));
        assertThat(clippedOnEveryTab(robot)).as("cut text after the failover").isEmpty();
    }
}
