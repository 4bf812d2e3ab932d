package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.banner.BannerLevel;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ChangeListener;
import org.junit.jupiter.api.Test;
import dev.tandem.console.testing.LivePair;
import org.testfx.util.WaitForAsyncUtils;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import javafx.stage.Stage;

/** The status banner against the live pair: never green while something is pending or degraded. */
class LiveBannerUiTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private BannerLevel level() {
        return vm.banner().levelProperty().get();
    }

    @Test
    void aStoppedCriticalServiceTurnsTheBannerRedWithTheFailoverCountdownNotGreen(FxRobot robot) {
        LivePair.await(15, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return level() == BannerLevel.OK;
        }, () -> "green in M1; banner: " + vm.banner().detailsProperty().get());
        assertThat(text(robot, "#status-banner-text")).contains("normal (M1)");
        // a longer delay than the test timers' 300 ms, so the countdown is there to be seen
        GroupStatus s = live.status(A);
        live.stub(A).setParameters(SetParametersRequest.newBuilder().setActor("test")
                .setParameters(s.getParameters().toBuilder().setCriticalServiceDownDelayMs(8000)).build());
        List<BannerLevel> seen = new ArrayList<>();
        ChangeListener<BannerLevel> record = (o, a, b) -> seen.add(b);
        robot.interact(() -> vm.banner().levelProperty().addListener(record));
        String service = s.getNodes(0).getServices(0).getId();
        String display = s.getNodes(0).getServices(0).getService();
        live.stub(A).stopCriticalService(CriticalServiceRequest.newBuilder().setNode(A).setService(service)
                .setActor("test").build());
        LivePair.await(30, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return text(robot, "#status-banner-text").startsWith(display + " down on " + A + " — automatic failover in");
        }, () -> "countdown in the banner; it says " + vm.banner().detailsProperty().get());
        assertThat(level()).isEqualTo(BannerLevel.CRITICAL);
        assertThat(live.status(A).getMatrix().getRow().getId()).as("the agent still reports M1").isEqualTo("M1");
        // the failover happens; the banner never went back to green on the way
        until("failed over", () -> !live.status(A).getMatrix().getRow().getId().equals("M1")
                && !text(robot, "#status-banner-text").contains("automatic failover in"));
        robot.interact(() -> vm.banner().levelProperty().removeListener(record));
        assertThat(seen).doesNotContain(BannerLevel.OK);
        assertThat(level()).isNotEqualTo(BannerLevel.OK);
    }

    @Test
    void haDisabledIsShownInTheBanner(FxRobot robot) {
        LivePair.await(15, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return level() == BannerLevel.OK;
        }, () -> "green in M1; banner: " + vm.banner().detailsProperty().get());
        GroupConfiguration cfg = live.stub(A).getConfiguration(GetConfigurationRequest.getDefaultInstance());
        live.stub(A).updateGroup(UpdateGroupRequest.newBuilder().setGroup(cfg.getGroup())
                .setDescription(cfg.getDescription()).addAllNodes(cfg.getNodesList()).setHaEnabled(false)
                .setActor("test").build());
        until("HA disabled in the banner", () -> text(robot, "#status-banner-text").contains("HA disabled"));
        assertThat(level()).isEqualTo(BannerLevel.WARNING);
    }

    @Test
    void anActionOutcomeClearsOnTheNextStateChange(FxRobot robot) {
        showTab(robot, "tab-actions-and-services");
        until("failover offered", () -> enabled(robot, "#action-failover-" + A));
        pressAndConfirm(robot, "#action-failover-" + A, "Failover node " + A);
        until("outcome of the failover", () -> text(robot, "#action-outcome").contains("done"));
        until("fallback offered", () -> enabled(robot, "#action-fallback-" + A));
        // a change the console did not make: the old outcome must not stay under the new state
        live.stub(B).failDatabase(NodeActionRequest.newBuilder().setNode(B).setActor("test").build());
        until("outcome cleared", () -> text(robot, "#action-outcome").isEmpty());
        until("banner red: database down", () -> level() == BannerLevel.CRITICAL);
    }
}
