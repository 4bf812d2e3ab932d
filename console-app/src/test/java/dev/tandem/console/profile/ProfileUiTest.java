package dev.tandem.console.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.ConsoleOptions;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.testing.InProcessAgent;
import dev.tandem.console.testing.ScriptedAdminServiceDouble;
import dev.tandem.console.testing.Statuses;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
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
 * A profile saved from one console (two agents of two groups, the second group selected, the
 * Charts view, a 15 min window, an extra counter, the table, the agent pane hidden) and given to
 * the next with --profile restores all of it; a bad line is refused naming the line.
 */
@ExtendWith(ApplicationExtension.class)
class ProfileUiTest {
    private static int n;
    private InProcessAgent tokyo;
    private InProcessAgent osaka;
    private ConsoleContext ctx;
    private MainViewModel vm;
    private MainView view;
    private DrainTimer timer;
    private ConsoleContext ctx2;

    @Start
    void start(Stage stage) throws Exception {
        n++;
        tokyo = new InProcessAgent(new AgentAddress("profile-tokyo-" + n, 20075),
                new ScriptedAdminServiceDouble(Statuses.normalPair())).start();
        osaka = new InProcessAgent(new AgentAddress("profile-osaka-" + n, 20075),
                new ScriptedAdminServiceDouble(Statuses.normalPair().toBuilder().setGroup("prg-osaka-2").build())).start();
        ctx = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), Fx.executor());
        vm = new MainViewModel(ctx);
        view = new MainView(vm);
        timer = new DrainTimer(Duration.millis(100));
        timer.add(vm::tick);
        vm.connections().add(osaka.address());
        vm.connections().add(tokyo.address());
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        timer.start();
    }

    @AfterEach
    void stop() throws Exception {
        Fx.run(timer::stop);
        ctx.close();
        if (ctx2 != null) {
            ctx2.close();
        }
        tokyo.close();
        osaka.close();
    }

    private static void until(Callable<Boolean> c) {
        dev.tandem.console.testing.FxWait.until(c);
    }

    @Test
    void aSavedProfileRestoresAgentsGroupViewAndCharts(FxRobot robot) throws Exception {
        until(() -> vm.groupNames().size() == 2);
        robot.interact(() -> {
            vm.selectedGroupProperty().set(Statuses.GROUP);
            vm.charts().setWindowMs(900_000);
            vm.charts().selectedCounters().setAll("JsmSessionsComposed");
            vm.charts().tableModeProperty().set(true);
            view.tabs().getSelectionModel().select(view.tabs().getTabs().stream()
                    .filter(t -> "tab-charts".equals(t.getId())).findFirst().orElseThrow());
            view.agentsToggle().setSelected(false);
        });
        Path file = Files.createTempDirectory("tandem-profile-").resolve("ops.profile");
        view.saveProfile(file).get(5, TimeUnit.SECONDS);
        until(() -> Files.exists(file));
        String text = Files.readString(file);
        assertThat(text.lines().toList()).containsSubsequence("insecure=true", "agent=" + osaka.address(),
                "agent=" + tokyo.address(), "group=" + Statuses.GROUP, "view=charts", "agents-shown=false",
                "chart.window-ms=900000", "chart.counters=JsmSessionsComposed", "chart.table=true");

        // the next console, started with --profile
        ConsoleOptions options = ConsoleOptions.parse(List.of("--profile", file.toString()));
        assertThat(options.agents()).containsExactly(osaka.address(), tokyo.address());
        assertThat(options.credentials().insecure()).isTrue();
        ctx2 = new ConsoleContext(InProcessAgent.channels(), new Backoff(50, 400), Fx.executor());
        MainViewModel vm2 = new MainViewModel(ctx2);
        MainView[] view2 = new MainView[1];
        robot.interact(() -> {
            view2[0] = new MainView(vm2);
            view2[0].apply(options.profile());
            options.agents().forEach(a -> vm2.connections().add(a));
        });
        // the profile's group wins over the first reported one (prg-osaka-2 sorts first)
        until(() -> {
            vm2.tick(System.currentTimeMillis());
            return vm2.groupNames().size() == 2;
        });
        assertThat(vm2.selectedGroupProperty().get()).isEqualTo(Statuses.GROUP);
        assertThat(view2[0].tabs().getSelectionModel().getSelectedItem().getId()).isEqualTo("tab-charts");
        assertThat(view2[0].agentsToggle().isSelected()).isFalse();
        assertThat(vm2.charts().windowProperty().get()).isEqualTo(900_000);
        assertThat(vm2.charts().selectedCounters()).containsExactly("JsmSessionsComposed");
        assertThat(vm2.charts().tableModeProperty().get()).isTrue();
        assertThat(view2[0].capture()).isEqualTo(view.capture());

        // a bad line: refused, naming the file and line
        Path bad = file.resolveSibling("bad.profile");
        Files.writeString(bad, "agent=" + tokyo.address() + "\nchart.window-ms=5\n");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--profile", bad.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(bad + " line 2: chart.window-ms must be between 10000 and 3600000");
        Files.writeString(bad, "colour=blue\n");
        assertThatThrownBy(() -> ConsoleOptions.parse(List.of("--profile", bad.toString())))
                .hasMessage(bad + " line 1: unknown key 'colour'");
    }
}
