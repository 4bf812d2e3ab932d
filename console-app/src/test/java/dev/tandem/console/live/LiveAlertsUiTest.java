package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.alerts.AlertItem;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.util.Fx;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import java.util.List;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Alerts owned by the agents, against a live pair: a stopped critical service shows as a
 * critical alert; an acknowledgement pressed in this window shows in a second console that
 * connects afterwards, whose list is the same alert for alert.
 */
class LiveAlertsUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private static List<String> listed(MainViewModel m) {
        return m.alerts().alerts().stream().map(a -> a.key() + " " + a.type() + " " + a.severity() + " "
                + a.state() + " " + a.acknowledgement()).toList();
    }

    @Test
    void anAcknowledgementShowsInEveryConsoleAndTheListsAreTheSame(FxRobot robot) throws Exception {
        showTab(robot, "tab-alerts");
        String service = live.status(A).getNodes(0).getServices(0).getId();
        live.stub(A).stopCriticalService(CriticalServiceRequest.newBuilder().setNode(A).setService(service)
                .setActor("test").build());
        until("the critical alert of " + A, () -> vm.alerts().alerts().stream().anyMatch(a ->
                a.type().equals("CriticalServiceDown") && a.node().equals(A)));
        AlertItem down = vm.alerts().alerts().stream().filter(a -> a.type().equals("CriticalServiceDown")).findFirst()
                .orElseThrow();
        assertThat(down.alert().getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);

        robot.interact(() -> {
            @SuppressWarnings("unchecked")
            TableView<AlertItem> table = (TableView<AlertItem>) robot.lookup("#alerts-table").query();
            table.getSelectionModel().select(down);
        });
        robot.clickOn("#alerts-ack");
        until("acknowledged in this console", () -> vm.alerts().alerts().stream()
                .anyMatch(a -> a.key().equals(down.key()) && a.acknowledged()));

        // a second console, without a window, connecting now
        ConsoleContext second = new ConsoleContext(ChannelFactory.netty(), new Backoff(50, 400), Fx.executor(), 100);
        try {
            MainViewModel vm2 = new MainViewModel(second);
            robot.interact(() -> {
                vm2.connections().add(live.address(A));
                vm2.connections().add(live.address(B));
            });
            until("the same alerts in the second console", () -> {
                robot.interact(() -> vm2.tick(System.currentTimeMillis()));
                return listed(vm2).equals(listed(vm));
            });
            assertThat(vm2.alerts().alerts()).anyMatch(a -> a.key().equals(down.key()) && a.acknowledged()
                    && a.acknowledgement().contains(ctx.actor()));
        } finally {
            second.close();
        }
    }
}
