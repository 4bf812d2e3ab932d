package dev.tandem.console.dev;

import dev.tandem.agent.cli.TandemCtl;
import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.testing.Fleet;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * NOT run by mvn verify: makes the docs' screenshots of the fleet tree, the Users view and the
 * command log from REAL agents (4 pairs in this JVM, two clusters), after real actions taken
 * through the console's view models, and prints real `tandemctl users list` output.
 * Run under Xvfb (see docs/console.md). Arg: the output folder (default docs).
 */
public final class Screenshots extends Application {
    private static Path out;
    private static Fleet fleet;

    public static void main(String[] args) throws Exception {
        out = Path.of(args.length > 0 ? args[0] : "docs");
        fleet = Fleet.start(4, 2);
        ManagedChannel ch = NettyChannelBuilder.forTarget(fleet.pairs().get(0).first().adminTarget()).usePlaintext().build();
        List<String> users = new ArrayList<>();
        for (String u : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
                "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yvonne")) {
            users.add(u + "@example.com");
        }
        AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                .addUsers(AddUsersRequest.newBuilder().addAllUsers(users).setActor("docs").build());
        ch.shutdownNow();
        ManagedChannel ch4 = NettyChannelBuilder.forTarget(fleet.pairs().get(3).first().adminTarget()).usePlaintext().build();
        AdminServiceGrpc.newBlockingStub(ch4).withDeadlineAfter(10, TimeUnit.SECONDS)
                .failover(NodeActionRequest.newBuilder().setNode(Fleet.node(4, "a")).setActor("docs").build());
        ch4.shutdownNow();
        launch(Screenshots.class);
    }

    @Override
    public void start(Stage stage) throws Exception {
        Path state = Files.createTempDirectory("tandem-docs-state-");
        ConsoleContext ctx = new ConsoleContext(ChannelFactory.netty(), Backoff.standard(), Fx.executor(), 1000);
        ctx.commands().persistTo(state.resolve("command-log.tsv"));
        MainViewModel vm = new MainViewModel(ctx);
        MainView view = new MainView(vm);
        DrainTimer timer = new DrainTimer(Duration.millis(250));
        timer.add(vm::tick);
        fleet.addresses().forEach(a -> vm.connections().add(a));
        stage.setTitle("Tandem console — presence redundancy groups");
        stage.setScene(new Scene(view, 1280, 800));
        dev.tandem.console.util.Theme.LIGHT.apply(view); // the console's own look, as the app starts it
        stage.show();
        timer.start();
        Thread t = new Thread(() -> script(stage, view, vm, ctx), "docs-script");
        t.setDaemon(true);
        t.start();
    }

    private static void script(Stage stage, MainView view, MainViewModel vm, ConsoleContext ctx) {
        try {
            await(() -> vm.fleet().clustersProperty().get().stream().mapToLong(c -> c.children().size()).sum() == 4);
            // a failover of prg-02 pressed in the console, through its view model
            fx(() -> vm.selectedGroupProperty().set(Fleet.group(2)));
            await(() -> onFx(() -> vm.actions().nodes().stream().anyMatch(n -> n.failover().isPresent())));
            fx(() -> vm.actions().execute(vm.actions().nodes().get(0).failover().orElseThrow()));
            await(() -> onFx(() -> !vm.actions().outcomeProperty().get().isEmpty()));
            // users of prg-01 added and the mode saved from the Users view
            fx(() -> vm.selectedGroupProperty().set(Fleet.group(1)));
            await(() -> onFx(() -> vm.users().rows().size() == 20));
            fx(() -> {
                vm.users().toAddProperty().set("zoe@example.com, quentin@example.com");
                vm.users().add();
            });
            await(() -> onFx(() -> vm.users().rows().size() == 22));
            fx(() -> vm.users().filterProperty().set("example"));
            await(() -> onFx(() -> ctx.commands().entries().stream().allMatch(e -> !e.outcome().isEmpty())));
            select(view, "tab-overview");
            shoot(stage, "console-fleet.png");
            select(view, "tab-users");
            shoot(stage, "console-users.png");
            select(view, "tab-command-log");
            shoot(stage, "console-command-log.png");
            PrintWriter o = new PrintWriter(System.out, true);
            o.println("$ tandemctl --agent " + fleet.pairs().get(0).first().adminTarget() + " users list --page-size 8");
            TandemCtl.run(o, new PrintWriter(System.err, true), "--insecure", "--agent",
                    fleet.pairs().get(0).first().adminTarget(), "users", "list", "--page-size", "8");
        } catch (Exception e) {
            e.printStackTrace();
        }
        Runtime.getRuntime().halt(0);
    }

    private static void select(MainView view, String id) throws Exception {
        fx(() -> view.tabs().getSelectionModel().select(view.tabs().getTabs().stream()
                .filter(t -> id.equals(t.getId())).findFirst().orElseThrow()));
        Thread.sleep(1500); // a tool, not a test: let the tab lay out and the drain timer fill it
    }

    private static void shoot(Stage stage, String name) throws Exception {
        CompletableFuture<WritableImage> img = new CompletableFuture<>();
        Platform.runLater(() -> img.complete(stage.getScene().snapshot(null)));
        WritableImage w = img.get(10, TimeUnit.SECONDS);
        BufferedImage b = new BufferedImage((int) w.getWidth(), (int) w.getHeight(), BufferedImage.TYPE_INT_RGB);
        PixelReader r = w.getPixelReader();
        for (int y = 0; y < b.getHeight(); y++) {
            for (int x = 0; x < b.getWidth(); x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        Files.createDirectories(out);
        ImageIO.write(b, "png", out.resolve(name).toFile());
        System.out.println("wrote " + out.resolve(name));
    }

    private static void fx(Runnable r) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                r.run();
                f.complete(null);
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        f.get(10, TimeUnit.SECONDS);
    }

    private static boolean onFx(BooleanSupplier s) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(s.getAsBoolean()));
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static void await(BooleanSupplier s) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!s.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the console did not get there in 90 s");
            }
            Thread.sleep(200); // a tool, not a test: polls the console with a bound
        }
    }
}
