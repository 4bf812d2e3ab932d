package dev.tandem.console;

import dev.tandem.contract.demo.DemoPairLauncher;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.CredentialsViewModel;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import dev.tandem.console.util.Icons;
import java.util.List;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

/** The operator console. Launched by {@link ConsoleLauncher}; agents come from {@link ConsoleOptions}. */
public final class ConsoleApp extends Application {
    /** How often the drain timer runs: often enough to feel live, rare enough to batch. */
    public static final Duration DRAIN_PERIOD = Duration.millis(250);

    private ConsoleContext ctx;
    private DrainTimer timer;
    private DemoPairLauncher demo;

    @Override
    public void start(Stage stage) {
        ConsoleOptions options = ConsoleOptions.parse(getParameters().getRaw());
        // what channels present: the options' credential, the connection dialog's, or the demo's throwaway one
        CredentialsViewModel credentials = new CredentialsViewModel(options.credentials());
        ctx = new ConsoleContext(credentials, Backoff.standard(), Fx.executor());
        String logProblem = null;
        try {
            ctx.commands().persistTo(options.commandLogFile());
        } catch (RuntimeException e) { // an unwritable state folder must not stop the console
            logProblem = "The command log is kept for this session only: " + e.getMessage();
        }
        MainViewModel vm = new MainViewModel(ctx);
        MainView view = new MainView(vm);
        if (options.profile() != null) {
            view.apply(options.profile());
        }
        timer = new DrainTimer(DRAIN_PERIOD);
        timer.add(vm::tick);
        String problem = options.agents().isEmpty() ? null : credentials.current().problem();
        options.agents().forEach(a -> vm.connections().add(a));
        stage.setTitle("Tandem console — presence redundancy groups");
        stage.getIcons().add(Icons.load("app-icon.png", 64));
        options.theme().apply(view);
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
        Progress.say("window open");
        timer.start();
        // after the window: the demo pair's start takes both cores for seconds, the window first
        if (options.demo() || options.agents().isEmpty()) { // no agents named: show the demo pair
            startDemo(vm, view);
        }
        if (problem != null) {
            view.setStatus("No usable credential: " + problem);
        } else if (logProblem != null) {
            view.setStatus(logProblem);
        }
    }

    private void startDemo(MainViewModel vm, MainView view) {
        Optional<DemoPairLauncher> launcher = DemoPairLauncher.find();
        if (launcher.isEmpty()) {
            view.setStatus("--demo: this build has no embedded demo pair (no DemoPairLauncher on the classpath).");
            return;
        }
        demo = launcher.get();
        view.setStatus("Starting the demo pair…");
        Progress.say("starting the demo pair (two agents in this process, users and their clients)…");
        Thread t = new Thread(() -> {
            try {
                List<AgentAddress> addresses = demo.start().stream().map(AgentAddress::parse).toList();
                var demoCredentials = dev.tandem.console.connection.Credentials.fromMap(demo.credentials());
                Fx.run(() -> {
                    ctx.credentials().use(demoCredentials); // before the agents are added: their channels present it
                    addresses.forEach(a -> vm.connections().add(a));
                    view.setStatus("Demo pair running: " + addresses);
                    Progress.say("demo pair running, agents at " + addresses);
                });
            } catch (Exception e) {
                Progress.say("the demo pair did not start: " + e.getMessage());
                Fx.run(() -> view.setStatus("The demo pair did not start: " + e.getMessage()));
            }
        }, "demo-pair-start");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.stop();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (demo != null) {
            demo.close();
        }
    }
}
