package dev.tandem.console.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.history.HistoryRow;
import dev.tandem.console.testing.InProcessAgent;
import dev.tandem.console.testing.ScriptedAdminServiceDouble;
import dev.tandem.console.testing.Statuses;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The command log in a (headless) window against the in-process test-double agent: an action
 * pressed in the console is listed with its exact tandemctl line and the agent's answer, can be
 * copied (button and context menu), is in the History, and is read back by the next console.
 */
@ExtendWith(ApplicationExtension.class)
class CommandLogUiTest {
    private static int n;
    private ScriptedAdminServiceDouble agent;
    private InProcessAgent server;
    private ConsoleContext ctx;
    private DrainTimer timer;
    private MainView view;
    private MainViewModel vm;
    private Path logFile;

    @Start
    void start(Stage stage) throws Exception {
        logFile = Files.createTempDirectory("tandem-command-log-").resolve("state").resolve("command-log.tsv");
        agent = new ScriptedAdminServiceDouble(Statuses.normalPair());
        server = new InProcessAgent(new AgentAddress("log-agent-" + (++n), 20075), agent).start();
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), Fx.executor());
        ctx.commands().persistTo(logFile);
        vm = new MainViewModel(ctx);
        view = new MainView(vm);
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

    private void showTab(FxRobot robot, String id) {
        robot.interact(() -> {
            TabPane tabs = view.tabs();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                    .orElseThrow());
        });
    }

    @Test
    void anActionIsListedWithItsTandemctlLineCopyableAndKeptForTheNextConsole(FxRobot robot) throws Exception {
        String where = server.address().toString();
        showTab(robot, "tab-actions-and-services");
        until(() -> robot.lookup("#action-failover-cup-a").tryQuery().map(b -> !b.isDisable()).orElse(false));
        robot.clickOn("#action-failover-cup-a");
        until(() -> robot.lookup("#action-confirmation").tryQuery().isPresent());
        Node dialog = robot.lookup("#action-confirmation").query();
        robot.clickOn(robot.from(dialog).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals("Failover node cup-a")).queryButton());
        until(() -> agent.calls().contains("Failover"));

        // a refused request is logged too, with the agent's sentence
        agent.failNext("SetUserAssignmentMode", Status.FAILED_PRECONDITION.withDescription(
                "cup-a is Failing Over: the user assignment mode cannot change during failover"));
        until(() -> vm.config().loadedProperty().get());
        robot.interact(() -> {
            vm.config().modeProperty().set(dev.tandem.proto.admin.v1.UserAssignmentMode.ACTIVE_STANDBY);
            vm.config().applyMode();
        });

        showTab(robot, "tab-command-log");
        TableView<CommandEntry> table = robot.lookup("#command-log-table").queryTableView();
        until(() -> table.getItems().size() == 2 && !table.getItems().get(0).outcome().isBlank()
                && !table.getItems().get(1).outcome().isBlank());
        CommandEntry mode = table.getItems().get(0);
        CommandEntry failover = table.getItems().get(1);
        assertThat(failover.line()).isEqualTo("tandemctl --agent " + where + " failover cup-a");
        assertThat(failover.label()).isEqualTo("Failover of cup-a");
        assertThat(failover.group()).isEqualTo(Statuses.GROUP);
        assertThat(failover.outcome()).isEqualTo("accepted: failover of cup-a taken");
        assertThat(mode.line()).isEqualTo("tandemctl --agent " + where + " users mode active-standby");
        assertThat(mode.outcome()).isEqualTo("refused: cup-a is Failing Over: the user assignment mode cannot change"
                + " during failover");
        assertThat(mode.failed()).isTrue();
        // what the table shows, word for word
        assertThat(robot.lookup(failover.line()).tryQuery()).isPresent();

        // Copy line: the selected row's line on the clipboard
        robot.interact(() -> table.getSelectionModel().select(1));
        robot.clickOn("#command-log-copy");
        assertThat(clipboard(robot)).isEqualTo(failover.line());
        // the context menu copies the same way
        robot.interact(() -> {
            Clipboard.getSystemClipboard().clear();
            table.getSelectionModel().clearAndSelect(0);
        });
        // (headless Monocle shows no popup windows: the menu item is fired as a click on it would)
        robot.interact(() -> table.getContextMenu().getItems().stream()
                .filter(i -> "command-log-copy-menu".equals(i.getId())).findFirst().orElseThrow().fire());
        assertThat(clipboard(robot)).isEqualTo(mode.line());
        // as a runbook: oldest first, each line after a comment
        robot.clickOn("#command-log-copy-all");
        assertThat(clipboard(robot)).containsSubsequence("# ", "Failover of cup-a — accepted", failover.line(),
                "User assignment mode: Active/Standby — refused", mode.line());

        // kept with the history
        List<HistoryRow> history = List.copyOf(vm.history().rows());
        assertThat(history).anySatisfy(r -> assertThat(r.sentence()).isEqualTo(failover.line()));

        // and in the file: a new console (a restart) reads both back
        ctx.commands().flush();
        CommandLog next = new CommandLog(System::currentTimeMillis);
        next.persistTo(logFile);
        assertThat(next.entries()).extracting(CommandEntry::line, CommandEntry::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(failover.line(), failover.outcome()),
                        org.assertj.core.groups.Tuple.tuple(mode.line(), mode.outcome()));
        next.close();
        assertThat(robot.lookup("#command-log-where").queryLabeled().getText()).contains(logFile.toString());
    }

    private static String clipboard(FxRobot robot) {
        String[] s = new String[1];
        robot.interact(() -> s[0] = Clipboard.getSystemClipboard().getString());
        return s[0];
    }
}
