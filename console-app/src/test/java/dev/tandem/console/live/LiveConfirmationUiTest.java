package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.util.ConfirmDialog;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Every state-changing control asks first and says what will follow; Cancel changes nothing;
 * a disabled action says why, in the agent's words.
 */
class LiveConfirmationUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private String openDialogBody(FxRobot robot, String buttonId) {
        reveal(robot, buttonId);
        robot.clickOn(buttonId);
        until("the confirmation opens", () -> robot.lookup("#" + ConfirmDialog.ID).tryQuery().isPresent());
        return robot.lookup("#confirmation-body").queryAs(Label.class).getText();
    }

    private void answer(FxRobot robot, String buttonText) {
        Node dialog = robot.lookup("#" + ConfirmDialog.ID).query();
        robot.clickOn(robot.from(dialog).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals(buttonText)).queryButton());
        until("the confirmation closes", () -> robot.lookup("#" + ConfirmDialog.ID).tryQuery().isEmpty());
    }

    @Test
    void stoppingAServiceAndFailingTheDatabaseAskFirstAndNameTheAutomaticFailover(FxRobot robot) {
        showTab(robot, "tab-actions-and-services");
        String service = live.status(A).getNodes(0).getServices(0).getId();
        String stop = "#service-stop-" + A + "-" + service;
        until("services listed", () -> robot.lookup(stop).tryQuery().isPresent());
        String body = openDialogBody(robot, stop);
        assertThat(body).contains("Automatic failover after 300 ms if it stays down").contains("move to " + B);
        answer(robot, "Cancel");
        assertThat(live.status(A).getNodes(0).getServices(0).getRunning()).as("Cancel changes nothing").isTrue();

        body = openDialogBody(robot, "#database-fail-" + A);
        assertThat(body).contains("Automatic failover at once (Database Failure)");
        answer(robot, "Cancel");
        assertThat(live.status(A).getNodes(0).getDatabase().getUp()).isTrue();

        openDialogBody(robot, stop);
        answer(robot, "Stop " + live.status(A).getNodes(0).getServices(0).getService() + " on " + A);
        until("the service stopped", () -> !live.status(A).getNodes(0).getServices(0).getRunning()
                || !live.status(A).getMatrix().getRow().getId().equals("M1"));
    }

    @Test
    void haOffAndParameterChangesAskFirstAndListWhatChanges(FxRobot robot) {
        showTab(robot, "tab-configuration");
        until("configuration loaded", () -> group.equals(robot.lookup("#config-name").queryTextInputControl().getText()));
        robot.interact(() -> robot.lookup("#config-ha").queryAs(javafx.scene.control.CheckBox.class).setSelected(false));
        String body = openDialogBody(robot, "#config-save-group");
        assertThat(body).contains("High availability OFF: no automatic failover");
        answer(robot, "Cancel");
        assertThat(live.status(A).getHaEnabled()).isTrue();

        robot.interact(() -> robot.lookup("#param-CRITICAL_SERVICE_DOWN_DELAY").queryTextInputControl().setText("5"));
        body = openDialogBody(robot, "#config-save-params");
        assertThat(body).contains("Critical Service Down Delay:").contains("→ 5 s");
        answer(robot, "Save parameters");
        until("saved on the agent", () -> live.status(A).getParameters().getCriticalServiceDownDelayMs() == 5000);

        body = openDialogBody(robot, "#config-reset-defaults");
        assertThat(body).contains("Nothing is sent until you press Save parameters");
        answer(robot, "Cancel");
    }

    @Test
    void aDisabledActionSaysWhyInTheAgentsWords(FxRobot robot) {
        showTab(robot, "tab-actions-and-services");
        until("failover offered", () -> enabled(robot, "#action-failover-" + A));
        // in M1 neither fallback nor recovery is offered: the agent's refusal sentences say why
        until("recovery refusal shown", () -> text(robot, "#action-recovery-hint").startsWith("Recovery is not offered:"));
        assertThat(text(robot, "#action-recovery-hint")).contains("Running in Failed Mode or Unknown");
    }
}
