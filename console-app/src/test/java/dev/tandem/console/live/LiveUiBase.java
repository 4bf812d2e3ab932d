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
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
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

/**
 * The console in a (headless) window against two REAL agents in this JVM (EmbeddedPair with
 * short timers): what the operator sees and presses, compared with what the agents say
 * through a plain gRPC stub. Subclasses hold the tests, one feature each.
 */
@ExtendWith(ApplicationExtension.class)
abstract class LiveUiBase {
    protected LivePair live;
    protected ConsoleContext ctx;
    protected MainViewModel vm;
    protected DrainTimer timer;
    protected MainView view;
    protected String group;
    protected Stage stage;

    /** The window size the test runs at. */
    protected double width() {
        return 1280;
    }

    protected double height() {
        return 800;
    }

    /** Each subclass's {@code @Start} method calls this (TestFX looks for it on the test class only). */
    protected void open(Stage stage) throws Exception {
        this.stage = stage;
        live = LivePair.start();
        group = live.status(A).getGroup();
        ctx = new ConsoleContext(ChannelFactory.netty(), new Backoff(50, 400), Fx.executor(), 100);
        vm = new MainViewModel(ctx);
        view = new MainView(vm);
        dev.tandem.console.util.Theme.LIGHT.apply(view); // what ConsoleApp does: the tests see the real look
        timer = new DrainTimer(Duration.millis(100));
        timer.add(vm::tick);
        vm.connections().add(live.address(A));
        vm.connections().add(live.address(B));
        stage.setScene(new Scene(view, width(), height()));
        stage.show();
        timer.start();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(timer::stop);
        ctx.close();
        live.close();
    }

    protected static void until(String what, Callable<Boolean> c) {
        LivePair.await(30, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return c.call();
        }, () -> what);
    }

    /**
     * A label's text, read on the FX thread: the overview rebuilds its cards on the FX thread, and a
     * lookup from the test's thread in the middle of a rebuild found no label (CI once saw an empty cause).
     */
    protected static String text(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).tryQuery().map(n -> ((Label) n).getText()).orElse(""));
    }

    /** The texts of every label matching the query, in scene order, read on the FX thread. */
    protected static List<String> texts(FxRobot robot, String query) {
        return onFx(() -> robot.lookup(query).queryAllAs(Label.class).stream().map(Label::getText).toList());
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the scene on the FX thread", e);
        }
    }

    protected void showTab(FxRobot robot, String id) {
        robot.interact(() -> {
            TabPane tabs = view.tabs();
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                    .orElseThrow());
        });
    }

    protected static boolean enabled(FxRobot robot, String id) {
        return robot.lookup(id).tryQuery().map(n -> !n.isDisable()).orElse(false);
    }

    /** The buttons enabled in the console: e.g. "FAILOVER node-a", "RECOVERY". */
    protected static Set<String> enabledActions(FxRobot robot) {
        Set<String> out = new HashSet<>();
        for (String node : List.of(A, B)) {
            if (enabled(robot, "#action-failover-" + node)) {
                out.add("FAILOVER " + node);
            }
            if (enabled(robot, "#action-fallback-" + node)) {
                out.add("FALLBACK " + node);
            }
        }
        if (enabled(robot, "#action-recovery")) {
            out.add("RECOVERY");
        }
        return out;
    }

    protected static Set<String> offered(GroupStatus s) {
        Set<String> out = new HashSet<>();
        for (OfferedAction a : s.getOfferedActionsList()) {
            out.add(a.getAction() == Action.RECOVERY ? "RECOVERY" : a.getAction().name() + " " + a.getNode());
        }
        return out;
    }

    protected double lastActive(String node) {
        return ctx.counters().series(new SeriesKey(node, "ActiveJsmSessions")).map(SeriesBuffer::lastValue)
                .orElse(Double.NaN);
    }

    protected void pressAndConfirm(FxRobot robot, String buttonId, String confirmText) {
        reveal(robot, buttonId);
        robot.clickOn(buttonId);
        until("the confirmation dialog opens", () -> robot.lookup("#action-confirmation").tryQuery().isPresent());
        Node dialog = robot.lookup("#action-confirmation").query();
        robot.clickOn(robot.from(dialog).lookup((Node b) -> b instanceof Button btn
                && btn.getText().equals(confirmText)).queryButton());
    }

    /**
     * Scrolls every scroll pane around the node so the node shows, as an operator scrolls to a
     * button below the fold (the configuration form is taller than a 800 px window).
     */
    protected void reveal(FxRobot robot, String query) {
        Node target = robot.lookup(query).query();
        Fx.run(() -> {
            for (Node n = target.getParent(); n != null; n = n.getParent()) {
                if (n instanceof ScrollPane sp && sp.getContent() != null) {
                    double contentH = sp.getContent().getLayoutBounds().getHeight();
                    double viewH = sp.getViewportBounds().getHeight();
                    double y = sp.getContent().sceneToLocal(target.localToScene(0, 0)).getY();
                    if (contentH > viewH) {
                        sp.setVvalue(Math.min(1, Math.max(0, (y - viewH / 2) / (contentH - viewH))));
                    }
                }
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
