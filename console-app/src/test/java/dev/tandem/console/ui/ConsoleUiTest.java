package dev.tandem.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.testing.InProcessAgent;
import dev.tandem.console.testing.ScriptedAdminServiceDouble;
import dev.tandem.console.testing.Statuses;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import io.grpc.Status;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import dev.tandem.console.util.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The console in a (headless) window against the in-process test-double agent. */
@ExtendWith(ApplicationExtension.class)
class ConsoleUiTest {
    private static int n;
    private ScriptedAdminServiceDouble agent;
    private InProcessAgent server;
    private ConsoleContext ctx;
    private DrainTimer timer;
    private MainView view;
    private MainViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        agent = new ScriptedAdminServiceDouble(Statuses.normalPair());
        server = new InProcessAgent(new AgentAddress("ui-agent-" + (++n), 20075), agent).start();
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), Fx.executor());
        agent.setBackfill(backfill());
        vm = new MainViewModel(ctx);
        view = new MainView(vm);
        dev.tandem.console.util.Theme.LIGHT.apply(view); // what ConsoleApp does: the tests see the real look
        timer = new DrainTimer(Duration.millis(100));
        timer.add(vm::tick);
        vm.connections().add(server.address());
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        timer.start();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(timer::stop);
        ctx.close();
        server.close();
    }

    private static void until(Callable<Boolean> c) {
        dev.tandem.console.testing.FxWait.until(c);
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    /** Two minutes of the reporter's counters, as the agent keeps them. */
    private static java.util.List<dev.tandem.proto.admin.v1.CounterSample> backfill() {
        java.util.List<dev.tandem.proto.admin.v1.CounterSample> out = new java.util.ArrayList<>();
        for (int i = 0; i < 120; i++) {
            out.add(dev.tandem.proto.admin.v1.CounterSample.newBuilder().setNode(Statuses.normalPair().getReporter())
                    .setAt(Statuses.ago(120_000 - i * 1000L))
                    .addCounters(dev.tandem.proto.admin.v1.Counter.newBuilder().setName("ActiveJsmSessions").setValue(i))
                    .build());
        }
        return out;
    }

    @Test
    void chartsHaveAHoverCrosshairDragZoomPanAndReset(FxRobot robot) {
        showTab(robot, 2);
        until(() -> robot.lookup("#chart-canvas-0").tryQuery().isPresent());
        robot.moveTo(robot.point("#chart-canvas-0").atOffset(new javafx.geometry.Point2D(100, 0)));
        until(() -> robot.lookup("#chart-readout-0").tryQuery().map(Node::isVisible).orElse(false));
        String readout = text(robot, "#chart-readout-0");
        assertThat(readout).contains(Statuses.normalPair().getReporter() + " ActiveJsmSessions: ");
        assertThat(readout.lines().findFirst().orElse("")).matches(".*\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");

        long before = vm.charts().windowProperty().get();
        robot.drag(robot.point("#chart-canvas-0").atOffset(new javafx.geometry.Point2D(-60, 0)),
                javafx.scene.input.MouseButton.PRIMARY).dropTo(robot.point("#chart-canvas-0")
                .atOffset(new javafx.geometry.Point2D(120, 0)));
        until(() -> vm.charts().windowProperty().get() < before);
        assertThat(vm.charts().pausedProperty().get()).as("a zoomed range stays put").isTrue();
        long end = vm.charts().t1();
        robot.clickOn("#chart-pan-back");
        until(() -> vm.charts().t1() < end);

        robot.clickOn("#chart-reset");
        until(() -> vm.charts().windowProperty().get() == dev.tandem.console.charts.ChartsViewModel.DEFAULT_WINDOW_MS
                && !vm.charts().pausedProperty().get());
    }

    @Test
    void theThemeSwitchTurnsTheWindowAndTheChartsDarkAndBack(FxRobot robot) {
        showTab(robot, 2);
        until(() -> robot.lookup("#chart-canvas-0").tryQuery().isPresent());
        assertThat(canvasCorner(robot)).as("light plot background").isEqualTo(Theme.LIGHT.background());
        robot.clickOn("#theme-switch");
        until(() -> view.getStyleClass().contains(Theme.DARK_CLASS));
        assertThat(Theme.current()).isEqualTo(Theme.DARK);
        until(() -> canvasCorner(robot).equals(Theme.DARK.background()));
        assertThat(robot.lookup("#theme-switch").queryButton().getText()).as("it names the other theme").isEqualTo("Light");
        robot.press(javafx.scene.input.KeyCode.CONTROL, javafx.scene.input.KeyCode.T)
                .release(javafx.scene.input.KeyCode.T, javafx.scene.input.KeyCode.CONTROL);
        until(() -> !view.getStyleClass().contains(Theme.DARK_CLASS));
        until(() -> canvasCorner(robot).equals(Theme.LIGHT.background()));
    }

    /** The chart canvas's top-left pixel: the plot background, as drawn. */
    private static javafx.scene.paint.Color canvasCorner(FxRobot robot) {
        javafx.scene.canvas.Canvas canvas = (javafx.scene.canvas.Canvas) ((javafx.scene.Parent) robot.lookup("#chart-canvas-0")
                .query()).getChildrenUnmodifiable().stream().filter(n -> n instanceof javafx.scene.canvas.Canvas)
                .findFirst().orElseThrow();
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = canvas.snapshot(null, null));
        return img[0].getPixelReader().getColor(1, 1);
    }

    private void showTab(FxRobot robot, int index) {
        robot.interact(() -> ((TabPane) view.tabs()).getSelectionModel().select(index));
    }

    @Test
    void overviewShowsStatesReasonsAndRecommendedSteps(FxRobot robot) {
        agent.setStatus(Statuses.failedOver());
        until(() -> text(robot, "#node-state-cup-a").equals("Idle / On Admin Request"));
        assertThat(text(robot, "#node-state-cup-b")).isEqualTo("Running in Backup Mode / On Admin Request");
        assertThat(text(robot, "#node-sentence-cup-a")).contains("serving nobody");
        assertThat(text(robot, "#matrix-row-" + Statuses.GROUP)).startsWith("Matrix row M3");
        assertThat(text(robot, "#matrix-cause-" + Statuses.GROUP)).contains("manual failover 1→2 complete");
        assertThat(robot.lookup(".recommended-step").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("1. fallback when ready");
    }

    @Test
    void buttonsFollowTheOfferedActionsAndFailoverShowsProgressAndOutcome(FxRobot robot) {
        showTab(robot, 3);
        until(() -> robot.lookup("#action-failover-cup-a").tryQuery().map(b -> !b.isDisable()).orElse(false));
        assertThat(robot.lookup("#action-fallback-cup-a").queryAs(Button.class).isDisable()).isTrue();
        assertThat(robot.lookup("#action-recovery").queryAs(Button.class).isDisable()).isTrue();

        agent.onFailover(r -> agent.setStatus(Statuses.failingOver()));
        robot.clickOn("#action-failover-cup-a");
        until(() -> robot.lookup("#action-confirmation").tryQuery().isPresent());
        Node dialog = robot.lookup("#action-confirmation").query();
        assertThat(robot.from(dialog).lookup("#confirmation-body").queryAs(Label.class).getText())
                .contains("Users affected: 1,200");
        robot.clickOn(robot.from(dialog).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals("Failover node cup-a")).queryButton());
        until(() -> text(robot, "#action-progress").contains("in progress"));
        assertThat(agent.calls()).contains("Failover");
        assertThat(robot.lookup("#action-failover-cup-b").queryAs(Button.class).isDisable()).isTrue();

        agent.setStatus(Statuses.failedOver());
        until(() -> text(robot, "#action-outcome").contains("done"));
        assertThat(text(robot, "#action-outcome")).contains("cup-a: Idle / On Admin Request");
        until(() -> !robot.lookup("#action-fallback-cup-a").queryAs(Button.class).isDisable());
    }

    @Test
    void configurationErrorsAreShownInline(FxRobot robot) {
        showTab(robot, 4);
        until(() -> Statuses.GROUP.equals(robot.lookup("#config-name").queryTextInputControl().getText()));
        robot.interact(() -> robot.lookup("#config-name").queryTextInputControl().setText("tokyo pair"));
        assertThat(text(robot, "#config-name-error")).contains("Only letters, digits, _ and -");
        assertThat(robot.lookup("#config-save-group").queryAs(Button.class).isDisable()).isTrue();
        robot.interact(() -> robot.lookup("#config-description").queryTextInputControl().setText("<b>"));
        assertThat(text(robot, "#config-description-error")).contains("< >");

        robot.interact(() -> {
            robot.lookup("#config-name").queryTextInputControl().setText("prg-tokyo-2");
            robot.lookup("#config-description").queryTextInputControl().setText("ok");
        });
        agent.failNext("UpdateGroup", Status.INVALID_ARGUMENT.withDescription("node cup-c is not in this cluster"));
        robot.clickOn("#config-save-group");
        until(() -> robot.lookup("#action-confirmation").tryQuery().isPresent());
        Node confirm = robot.lookup("#action-confirmation").query();
        assertThat(robot.from(confirm).lookup("#confirmation-body").queryAs(Label.class).getText())
                .contains("Group name: " + Statuses.GROUP + " → prg-tokyo-2");
        robot.clickOn(robot.from(confirm).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals("Save group prg-tokyo-2")).queryButton());
        until(() -> text(robot, "#config-group-agent-error").contains("node cup-c is not in this cluster"));
    }

    @Test
    void anAgentThatGoesAwayShowsReconnectingAndComesBack(FxRobot robot) throws Exception {
        String cell = "#agent-" + server.address().toString().replace(':', '-') + " .agent-state";
        until(() -> text(robot, cell).endsWith("Connected"));
        server.stop();
        until(() -> text(robot, cell).endsWith("Reconnecting"));
        until(() -> text(robot, "#group-source-" + Statuses.GROUP).contains("UNREACHABLE"));
        server.start();
        until(() -> text(robot, cell).endsWith("Connected"));
        until(() -> text(robot, "#group-source-" + Statuses.GROUP).startsWith("HA enabled · live"));
    }

    @Test
    void theCredentialsDialogRefusesAnUnreadableCredentialAndTakesPlaintext(FxRobot robot) {
        until(() -> text(robot, "#credentials-summary").startsWith("Plaintext"));
        robot.clickOn("#credentials-open");
        until(() -> robot.lookup("#credentials-pki-dir").tryQuery().isPresent());
        robot.clickOn("#credentials-insecure"); // off: a folder and a name are needed now
        robot.interact(() -> {
            robot.lookup("#credentials-pki-dir").queryTextInputControl().setText("/no/such/pki");
        });
        robot.clickOn("#credentials-apply");
        until(() -> text(robot, "#credentials-error").contains("cannot read /no/such/pki"));
        assertThat(robot.lookup("#credentials-apply").tryQuery()).as("the dialog stays open").isPresent();
        assertThat(text(robot, "#credentials-summary")).startsWith("Plaintext");
        robot.clickOn("#credentials-insecure"); // back to plaintext: usable, applied, the agent reconnects
        robot.clickOn("#credentials-apply");
        until(() -> robot.lookup("#credentials-apply").tryQuery().isEmpty());
        until(() -> robot.lookup(".agent-state").queryAllAs(Label.class).stream().anyMatch(l -> l.getText().contains("Connected")));
    }
}
