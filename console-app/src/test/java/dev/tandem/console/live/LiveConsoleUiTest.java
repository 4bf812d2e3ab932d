package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.charts.SeriesBuffer;
import dev.tandem.console.charts.SeriesKey;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.testing.LivePair;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.OfferedAction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The overview, actions, configuration and reconnects against the live pair. */
class LiveConsoleUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void overviewShowsBothNodesStatesReasonsAndTheMatchedRowsActions(FxRobot robot) {
        until("both nodes Normal", () -> text(robot, "#node-state-" + A).equals("Normal / Normal")
                && text(robot, "#node-state-" + B).equals("Normal / Normal"));
        // the row and its steps arrive with the status after both states (a tick later on a busy machine)
        until("M1 and its step in the overview", () -> text(robot, "#matrix-row-" + group).startsWith("Matrix row M1")
                && !texts(robot, ".recommended-step").isEmpty());
        assertThat(texts(robot, ".recommended-step")).containsExactly("No action needed.");

        live.stub(A).failover(NodeActionRequest.newBuilder().setNode(A).setActor("test").build());
        GroupStatus m3 = live.awaitRow("M3");
        until("M3 in the overview", () -> text(robot, "#matrix-row-" + group).startsWith("Matrix row M3"));
        until("node states of M3", () -> text(robot, "#node-state-" + A).equals("Idle / On Admin Request")
                && text(robot, "#node-state-" + B).equals("Running in Backup Mode / On Admin Request"));
        assertThat(text(robot, "#matrix-cause-" + group)).contains(m3.getMatrix().getRow().getCause());
        List<String> steps = m3.getMatrix().getRow().getRecommendedActionsList();
        assertThat(steps).isNotEmpty();
        List<String> expected = java.util.stream.IntStream.range(0, steps.size())
                .mapToObj(i -> (i + 1) + ". " + steps.get(i)).toList();
        // the row label and the step list are separate nodes: the steps may be drawn a pulse later
        until("the recommended steps of M3", () -> texts(robot, ".recommended-step").equals(expected));
        assertThat(texts(robot, ".recommended-step")).containsExactlyElementsOf(expected);
    }

    @Test
    void actionButtonsAreEnabledExactlyAsTheAgentOffers(FxRobot robot) {
        showTab(robot, "tab-actions-and-services");
        GroupStatus m1 = live.status(A);
        assertThat(offered(m1)).contains("FAILOVER " + A, "FAILOVER " + B);
        until("buttons as offered in M1 " + offered(m1), () -> enabledActions(robot).equals(offered(m1)));

        live.stub(B).failover(NodeActionRequest.newBuilder().setNode(B).setActor("test").build());
        GroupStatus m3 = live.awaitRow("M3");
        assertThat(offered(m3)).containsExactly("FALLBACK " + B);
        until("buttons as offered in M3 " + offered(m3), () -> enabledActions(robot).equals(offered(m3)));
    }

    @Test
    void failoverAndFallbackPressedInTheUiMoveTheSessionsBetweenTheNodes(FxRobot robot) {
        showTab(robot, "tab-actions-and-services");
        until("sessions charted on both nodes", () -> lastActive(A) > 0 && lastActive(B) > 0
                && lastActive(A) + lastActive(B) == LivePair.USERS);
        until("failover offered", () -> enabled(robot, "#action-failover-" + A));

        pressAndConfirm(robot, "#action-failover-" + A, "Failover node " + A);
        live.awaitRow("M3");
        until("outcome of the failover", () -> text(robot, "#action-outcome").contains("done"));
        assertThat(text(robot, "#action-outcome")).contains("M3");
        until("every session charted on " + B, () -> lastActive(A) == 0 && lastActive(B) == LivePair.USERS);

        until("fallback offered", () -> enabled(robot, "#action-fallback-" + A));
        pressAndConfirm(robot, "#action-fallback-" + A, "Fallback node " + A);
        live.awaitRow("M1");
        until("outcome of the fallback", () -> text(robot, "#action-outcome").contains("Fallback of " + A + " done"));
        until("sessions back on " + A, () -> lastActive(A) > 0 && lastActive(A) + lastActive(B) == LivePair.USERS);
    }

    @Test
    void configurationErrorsAreShownInline(FxRobot robot) {
        showTab(robot, "tab-configuration");
        until("configuration loaded", () -> group.equals(robot.lookup("#config-name").queryTextInputControl().getText()));
        robot.interact(() -> robot.lookup("#config-name").queryTextInputControl().setText("prg one"));
        assertThat(text(robot, "#config-name-error")).contains("Only letters, digits, _ and -");
        assertThat(robot.lookup("#config-save-group").queryAs(Button.class).isDisable()).isTrue();
        robot.interact(() -> robot.lookup("#config-name").queryTextInputControl().setText(group));
        assertThat(text(robot, "#config-name-error")).isEmpty();

        // the client checks each field; the agent also checks how they relate and answers INVALID_ARGUMENT
        robot.interact(() -> {
            robot.lookup("#param-HEARTBEAT_TIMEOUT").queryTextInputControl().setText("60");
            robot.lookup("#param-INITIALIZATION_TIMEOUT").queryTextInputControl().setText("30");
        });
        until("save enabled", () -> enabled(robot, "#config-save-params"));
        pressAndConfirm(robot, "#config-save-params", "Save parameters");
        until("the agent's refusal inline", () -> text(robot, "#config-params-agent-error")
                .contains("must be at least the heartbeat timeout"));
        assertThat(live.status(A).getParameters().getHeartbeatTimeoutMs()).isEqualTo(5000);
    }

    @Test
    void anAgentThatGoesAwayIsShownReconnectingAndConnectedAfterItsRestart(FxRobot robot) throws Exception {
        String cell = "#agent-" + live.address(A).toString().replaceAll("[^A-Za-z0-9_-]", "-") + " .agent-state";
        until("connected", () -> text(robot, cell).endsWith("Connected"));
        live.pair.kill(A);
        until("reconnecting", () -> text(robot, cell).endsWith("Reconnecting"));
        until("node-b reports node-a unreachable", () -> text(robot, "#node-state-" + A).contains("unreachable"));
        live.pair.restart(A);
        until("connected again", () -> text(robot, cell).endsWith("Connected"));
        until("node-a has a state again", () -> !text(robot, "#node-state-" + A).contains("unreachable")
                && !text(robot, "#node-state-" + A).isEmpty());
    }
}
