package dev.tandem.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.fleet.FleetItem;
import dev.tandem.console.fleet.FleetTreeView;
import dev.tandem.console.testing.Clipping;
import dev.tandem.console.testing.Fleet;
import dev.tandem.console.testing.LivePair;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import dev.tandem.console.util.StateIcon;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TreeCell;
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
 * The fleet tree with 10 REAL pairs (20 agents in this JVM) connected at once, in a 1024x700
 * window: clusters > groups > nodes with their states, a failover rolled up to the group and
 * its cluster (and nowhere else), and a click on a group or node switching every view.
 */
@ExtendWith(ApplicationExtension.class)
class FleetTreeUiTest {
    static final int GROUPS = 10;
    private Fleet fleet;
    private ConsoleContext ctx;
    private MainViewModel vm;
    private MainView view;
    private DrainTimer timer;

    @Start
    void start(Stage stage) throws Exception {
        fleet = Fleet.start(GROUPS, 3);
        ctx = new ConsoleContext(ChannelFactory.netty(), new Backoff(50, 400), Fx.executor(), 1000);
        vm = new MainViewModel(ctx);
        view = new MainView(vm);
        timer = new DrainTimer(Duration.millis(250));
        timer.add(vm::tick);
        fleet.addresses().forEach(a -> vm.connections().add(a));
        stage.setScene(new Scene(view, 1024, 700));
        stage.show();
        timer.start();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(timer::stop);
        ctx.close();
        fleet.close();
    }

    private static void until(String what, Callable<Boolean> c) {
        LivePair.await(60, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return c.call();
        }, () -> what);
    }

    private List<FleetItem> clusters() {
        return vm.fleet().clustersProperty().get();
    }

    private FleetItem group(String name) {
        return clusters().stream().flatMap(c -> c.children().stream()).filter(g -> g.group().equals(name)).findFirst()
                .orElseThrow();
    }

    private FleetItem cluster(String name) {
        return clusters().stream().filter(c -> c.key().equals("c:" + name)).findFirst().orElseThrow();
    }

    private static TreeCell<?> cell(FxRobot robot, String textStart) {
        return robot.lookup((Node n) -> n instanceof TreeCell<?> c && c.getText() != null
                && c.getText().startsWith(textStart)).query();
    }

    /** Scrolls the tree to the line with this key (the tree is virtual: only lines in view have cells). */
    private void show(FxRobot robot, String key) {
        FleetTreeView tree = (FleetTreeView) view.lookup("#fleet-tree");
        robot.interact(() -> tree.scrollTo(tree.getRow(tree.item(key))));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void tenGroupsInTwoClustersRollUpTheWorstStateAndSelectEveryView(FxRobot robot) throws Exception {
        until("every group and node in the tree, all normal", () -> clusters().size() == 2
                && clusters().stream().allMatch(c -> c.children().size() == GROUPS / 2)
                && clusters().stream().flatMap(c -> c.children().stream())
                        .allMatch(g -> g.children().size() == 2 && g.icon() == StateIcon.NORMAL));
        assertThat(clusters()).extracting(FleetItem::text)
                .containsExactly("east — 5 groups, all normal", "west — 5 groups, all normal");
        assertThat(cluster("east").children()).extracting(FleetItem::group)
                .containsExactly("prg-01", "prg-03", "prg-05", "prg-07", "prg-09");
        assertThat(group("prg-04").children()).extracting(FleetItem::text)
                .containsExactly("g04-a: Normal", "g04-b: Normal");
        assertThat(group("prg-04").children().get(0).tooltip()).startsWith("g04-a: Normal / Normal. ");
        // 2 clusters + 10 groups + 20 nodes; the lines shown (the tree scrolls) readable at 1024x700
        until("the tree shows lines", () -> view.lookupAll(".tree-cell").stream()
                .filter(n -> n instanceof TreeCell<?> c && c.getItem() != null).count() >= 8);
        List<String> cut = new ArrayList<>();
        robot.interact(() -> cut.addAll(Clipping.clipped(view)));
        assertThat(cut).as("text cut short").isEmpty();

        // a click on a group selects it for every view
        show(robot, "g:east/prg-07");
        robot.clickOn(cell(robot, "prg-07 — M1"));
        until("prg-07 selected", () -> "prg-07".equals(vm.selectedGroupProperty().get()));
        until("the overview shows prg-07 only", () -> vm.overview().groups().size() == 1
                && vm.overview().groups().get(0).group().equals("prg-07"));
        until("the actions are prg-07's", () -> vm.actions().nodes().stream().map(n -> n.node()).toList()
                .equals(List.of("g07-a", "g07-b")));
        until("the configuration is prg-07's", () -> vm.config().nameProperty().get().equals("prg-07"));
        assertThat(robot.lookup("#selected-group").queryLabeled().getText()).isEqualTo("prg-07");

        // a failover in prg-03 (east): the group and its cluster show it, west stays normal
        ManagedChannel ch = NettyChannelBuilder.forTarget(fleet.pairs().get(2).first().adminTarget()).usePlaintext().build();
        try {
            AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).failover(
                    NodeActionRequest.newBuilder().setNode("g03-a").setActor("test").build());
        } finally {
            ch.shutdownNow();
        }
        until("prg-03 failed over", () -> group("prg-03").icon() == StateIcon.IDLE);
        assertThat(group("prg-03").children()).extracting(FleetItem::icon)
                .containsExactly(StateIcon.IDLE, StateIcon.BACKUP);
        assertThat(cluster("east").icon()).isEqualTo(StateIcon.IDLE);
        assertThat(cluster("east").text()).isEqualTo("east — 5 groups, 1 not normal (worst: serving nobody)");
        assertThat(cluster("west").icon()).isEqualTo(StateIcon.NORMAL);
        assertThat(clusters().stream().flatMap(c -> c.children().stream())
                .filter(g -> g.icon() != StateIcon.NORMAL)).extracting(FleetItem::group).containsExactly("prg-03");
        show(robot, "g:east/prg-03");
        until("the tree cell shows the idle icon", () -> ((Labeled) cell(robot, "prg-03")).getGraphic() != null
                && cell(robot, "prg-03").getItem() instanceof FleetItem f && f.icon() == StateIcon.IDLE);

        // a click on a node selects its group
        show(robot, "n:east/prg-05/g05-b");
        robot.clickOn(cell(robot, "g05-b"));
        until("prg-05 selected", () -> "prg-05".equals(vm.selectedGroupProperty().get()));
        until("the overview follows", () -> vm.overview().groups().size() == 1
                && vm.overview().groups().get(0).group().equals("prg-05"));
    }
}
