package dev.tandem.console.whatif;

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
import dev.tandem.proto.admin.v1.FaultKind;
import java.util.concurrent.Callable;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The What-if tab in a (headless) window against the in-process test-double agent: choose, run, read. */
@ExtendWith(ApplicationExtension.class)
class WhatIfUiTest {
    private static int n;
    private ScriptedAdminServiceDouble agent;
    private InProcessAgent server;
    private ConsoleContext ctx;
    private DrainTimer timer;
    private MainViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        agent = new ScriptedAdminServiceDouble(Statuses.normalPair());
        agent.setSimulation(WhatIfReports.serviceDownOnA());
        server = new InProcessAgent(new AgentAddress("whatif-ui-" + (++n), 20075), agent).start();
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), Fx.executor());
        vm = new MainViewModel(ctx);
        MainView view = new MainView(vm);
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

    @Test
    @SuppressWarnings("unchecked")
    void chooseAFaultRunItAndReadTheTimeline(FxRobot robot) {
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(
                tabs.getTabs().stream().filter(t -> t.getText().equals("What-if")).findFirst().orElseThrow()));
        ComboBox<String> node = robot.lookup("#whatif-node").queryAs(ComboBox.class);
        until(() -> node.getItems().size() == 2);
        ComboBox<WhatIfViewModel.KindChoice> kind = robot.lookup("#whatif-kind").queryAs(ComboBox.class);
        // the chooser speaks the contract's words, never the enum ids
        assertThat(kind.getItems()).extracting(Object::toString).contains("Critical service down", "Database failure")
                .noneMatch(s -> s.startsWith("FAULT_"));
        robot.interact(() -> kind.setValue(kind.getItems().stream()
                .filter(c -> c.kind() == FaultKind.FAULT_CRITICAL_SERVICE_DOWN).findFirst().orElseThrow()));
        assertThat(robot.lookup("#whatif-service").query().isVisible()).isTrue();
        robot.interact(() -> node.setValue(Statuses.A));
        robot.clickOn("#whatif-add");
        until(() -> robot.lookup("#whatif-faults").queryListView().getItems().size() == 1);
        robot.clickOn("#whatif-run");

        Label fin = robot.lookup("#whatif-final").queryAs(Label.class);
        until(() -> fin.getText().equals("Final row: M12"));
        TableView<WhatIfViewModel.Entry> timeline = robot.lookup("#whatif-timeline").queryTableView();
        assertThat(timeline.getItems()).extracting(WhatIfViewModel.Entry::what).startsWith("Row M1").endsWith("Row M12");
        assertThat(robot.lookup("#whatif-recommended").queryAs(Label.class).getText())
                .startsWith("1. Restore the critical services of node 1.");
        assertThat(robot.lookup("#whatif-moves").queryListView().getItems()).hasSize(2);
        assertThat(robot.lookup("#whatif-message").queryAs(Label.class).getText()).contains("nothing was done to it");
        assertThat(agent.simulated()).hasSize(1);
        assertThat(agent.simulated().get(0).getFaults(0).getNode()).isEqualTo(Statuses.A);
    }
}
