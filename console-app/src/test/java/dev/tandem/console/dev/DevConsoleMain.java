package dev.tandem.console.dev;

import com.google.protobuf.Timestamp;
import dev.tandem.console.ConsoleContext;
import dev.tandem.console.MainView;
import dev.tandem.console.MainViewModel;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.testing.ScriptedAdminServiceDouble;
import dev.tandem.console.testing.Statuses;
import dev.tandem.console.util.DrainTimer;
import dev.tandem.console.util.Fx;
import dev.tandem.console.util.Icons;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * DEV ONLY: the console against two TEST-DOUBLE agents on real TCP ports (20175, 20176),
 * scripted as a pair 8 minutes after a manual failover of cup-a (row M3), with counters.
 * Args: [tab index]. Not the demo pair: that runs real agents and is the integrator's hook.
 */
public final class DevConsoleMain extends Application {
    private static final Random RANDOM = new Random(7);
    private static final long FAILOVER_AGO_MS = 8 * 60_000;
    private static final List<Server> SERVERS = new ArrayList<>();
    private static ScheduledExecutorService ticker;

    public static void main(String[] args) throws Exception {
        long start = System.currentTimeMillis();
        List<ScriptedAdminServiceDouble> agents = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            GroupStatus s = Statuses.failedOver().toBuilder().setReporter(i == 0 ? Statuses.A : Statuses.B).build();
            ScriptedAdminServiceDouble agent = new ScriptedAdminServiceDouble(s);
            agent.setCounterHistory(history(start));
            events(agent, start);
            SERVERS.add(NettyServerBuilder.forPort(20175 + i).addService(agent).build().start());
            agents.add(agent);
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dev-counters");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> {
            long now = System.currentTimeMillis();
            for (String node : Statuses.nodes()) {
                CounterSample cs = sample(node, now, start);
                agents.forEach(a -> a.emitCounters(cs));
            }
        }, 1, 1, TimeUnit.SECONDS);
        launch(DevConsoleMain.class, args);
    }

    private static List<CounterSample> history(long start) {
        List<CounterSample> out = new ArrayList<>();
        for (long t = start - 15 * 60_000; t < start; t += 1000) {
            for (String node : Statuses.nodes()) {
                out.add(sample(node, t, start));
            }
        }
        return out;
    }

    /** Before the failover each node serves its own; after it cup-b takes cup-a's users as they re-login. */
    private static CounterSample sample(String node, long t, long start) {
        long failover = start - FAILOVER_AGO_MS;
        double sinceFailover = (t - failover) / 1000.0;
        boolean a = node.equals(Statuses.A);
        double relogged = sinceFailover < 0 ? 0 : Math.min(1200, sinceFailover * 6); // about 6 logins/s
        double active = a ? (sinceFailover < 0 ? 1200 : 0) : 800 + relogged;
        double inactive = a ? (sinceFailover < 0 ? 780 : 0) : (sinceFailover < 0 ? 1150 : 0);
        double rtt = 3 + RANDOM.nextGaussian() * 0.6 + (Math.abs(sinceFailover - 200) < 20 ? 85 : 0);
        double sinceLast = (t / 1000 % 15) * 1000;
        return CounterSample.newBuilder().setNode(node).setAt(ts(t))
                .addCounters(c("ActiveJsmSessions", Math.round(active + RANDOM.nextInt(5))))
                .addCounters(c("InactiveJsmSessions", Math.round(inactive)))
                .addCounters(c("JsmSessionsClient", Math.round(active)))
                .addCounters(c("JsmSessionsClientInactive", Math.round(inactive)))
                .addCounters(c("JsmSessionsComposed", Math.round(active * 1.1)))
                .addCounters(c("PeerRoundTripMs", Math.max(0.5, rtt)))
                .addCounters(c("MissedHeartbeats", 0))
                .addCounters(c("SinceLastHeartbeatMs", sinceLast))
                .build();
    }

    private static void events(ScriptedAdminServiceDouble agent, long start) {
        long f = start - FAILOVER_AGO_MS;
        agent.emitEvent(ev(f - 1000, Statuses.A, EventKind.ADMIN_ACTION, null, null, Reason.ON_ADMIN_REQUEST,
                "Manual failover of cup-a requested.").toBuilder().setActor("console:oncall").setResult("accepted").build());
        agent.emitEvent(ev(f, Statuses.A, EventKind.STATE_CHANGE, NodeState.NORMAL, NodeState.FAILING_OVER,
                Reason.ON_ADMIN_REQUEST, "Stopping critical services on admin request."));
        agent.emitEvent(ev(f + 200, Statuses.B, EventKind.STATE_CHANGE, NodeState.NORMAL, NodeState.TAKING_OVER,
                Reason.ON_ADMIN_REQUEST, "Taking over cup-a's 1200 users."));
        agent.emitEvent(ev(f + 5000, Statuses.A, EventKind.STATE_CHANGE, NodeState.FAILING_OVER, NodeState.IDLE,
                Reason.ON_ADMIN_REQUEST, "Critical services stopped; users moved to cup-b."));
        agent.emitEvent(ev(f + 5200, Statuses.B, EventKind.STATE_CHANGE, NodeState.TAKING_OVER,
                NodeState.RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST, "Serving cup-a's users too."));
        agent.emitEvent(ev(f + 5300, Statuses.A, EventKind.ALERT, null, null, Reason.ON_ADMIN_REQUEST,
                "cup-a failed over to cup-b on admin request.").toBuilder().setAlert(AlertType.SRM_FAILOVER).build());
    }

    private static HaEvent ev(long at, String node, EventKind kind, NodeState from, NodeState to, Reason r, String s) {
        HaEvent.Builder b = HaEvent.newBuilder().setAt(ts(at)).setNode(node).setKind(kind).setReason(r).setSentence(s)
                .setTrigger(kind == EventKind.STATE_CHANGE ? "admin_request" : "");
        if (from != null) {
            b.setFromState(from).setToState(to);
        }
        return b.build();
    }

    private static Counter c(String name, double v) {
        return Counter.newBuilder().setName(name).setValue(v).build();
    }

    private static Timestamp ts(long ms) {
        return Timestamp.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
    }

    private ConsoleContext ctx;

    @Override
    public void start(Stage stage) {
        ctx = new ConsoleContext(ChannelFactory.netty(), Backoff.standard(), Fx.executor());
        MainViewModel vm = new MainViewModel(ctx);
        MainView view = new MainView(vm);
        DrainTimer timer = new DrainTimer(javafx.util.Duration.millis(250));
        timer.add(vm::tick);
        vm.connections().add(new AgentAddress("127.0.0.1", 20175));
        vm.connections().add(new AgentAddress("127.0.0.1", 20176));
        vm.connections().add(new AgentAddress("127.0.0.1", 20199)); // nobody there: shows the backoff
        vm.charts().setWindowMinutes(15);
        List<String> raw = getParameters().getRaw();
        if (!raw.isEmpty()) {
            view.tabs().getSelectionModel().select(Integer.parseInt(raw.get(0)));
        }
        stage.setTitle("Tandem console — dev (test-double agents)");
        stage.getIcons().add(Icons.load("app-icon.png", 64));
        stage.setScene(new Scene(view, 1280, 800));
        stage.setX(0);
        stage.setY(0);
        stage.show();
        timer.start();
    }

    @Override
    public void stop() throws Exception {
        ctx.close();
        SERVERS.forEach(Server::shutdownNow);
    }
}
