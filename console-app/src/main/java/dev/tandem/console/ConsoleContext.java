package dev.tandem.console;

import dev.tandem.console.charts.CounterStore;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.AgentListener;
import dev.tandem.console.connection.AgentRegistry;
import dev.tandem.console.connection.Backoff;
import dev.tandem.console.connection.ChannelFactory;
import dev.tandem.console.connection.Credentials;
import dev.tandem.console.connection.CredentialsViewModel;
import dev.tandem.console.connection.GroupDirectory;
import dev.tandem.console.connection.ReceivedAlert;
import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.HaEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * The client layer the view models share: the agents, the counter ring buffers and the event
 * inbox the streams fill, and the executor that brings call results to the UI.
 */
public final class ConsoleContext implements AutoCloseable {
    /** 1 h at 1 Hz, plus room. */
    public static final int SERIES_CAPACITY = 4096;
    private static final int INBOX_LIMIT = 10_000;

    private final CounterStore counters = new CounterStore(SERIES_CAPACITY);
    private final Queue<ReceivedEvent> inbox = new ConcurrentLinkedQueue<>();
    private final Queue<ReceivedAlert> alertInbox = new ConcurrentLinkedQueue<>();
    private final AgentRegistry registry;
    private final GroupDirectory directory;
    private final Executor ui;
    private final String actor;
    private final CredentialsViewModel credentials;
    private final dev.tandem.console.commands.CommandLog commands = new dev.tandem.console.commands.CommandLog(
            System::currentTimeMillis);

    public ConsoleContext(ChannelFactory channels, Backoff backoff, Executor ui) {
        this(channels, backoff, ui, 1000);
    }

    /** The production context: TLS channels presenting the credential {@code credentials} holds, whatever it is then. */
    public ConsoleContext(CredentialsViewModel credentials, Backoff backoff, Executor ui) {
        this(ChannelFactory.secured(credentials::current), backoff, ui, 1000, credentials);
    }

    /** @param counterIntervalMs how often the agents send counter samples (tests ask for more) */
    public ConsoleContext(ChannelFactory channels, Backoff backoff, Executor ui, long counterIntervalMs) {
        // the factory decides what channels present: the dialog's credential reconnects, with that factory
        this(channels, backoff, ui, counterIntervalMs, new CredentialsViewModel(Credentials.INSECURE));
    }

    private ConsoleContext(ChannelFactory channels, Backoff backoff, Executor ui, long counterIntervalMs,
                           CredentialsViewModel credentials) {
        this.ui = ui;
        this.credentials = credentials;
        this.actor = "console:" + System.getProperty("user.name", "operator");
        this.registry = new AgentRegistry(channels, new AgentListener() {
            @Override
            public void counters(AgentAddress from, CounterSample sample) {
                String source = registry.find(from).map(c -> c.status() == null ? null : c.status().getReporter())
                        .orElse(null);
                counters.accept(source, sample, System.currentTimeMillis());
            }

            @Override
            public void history(AgentAddress from, List<CounterSample> samples) {
                String source = registry.find(from).map(c -> c.status() == null ? null : c.status().getReporter())
                        .orElse(null);
                long now = System.currentTimeMillis();
                samples.forEach(s -> counters.accept(source, s, now));
            }

            @Override
            public void alert(AgentAddress from, Alert alert) {
                alertInbox.add(new ReceivedAlert(from, alert));
                while (alertInbox.size() > INBOX_LIMIT) {
                    alertInbox.poll();
                }
            }

            @Override
            public void event(AgentAddress from, HaEvent event) {
                inbox.add(new ReceivedEvent(from, event));
                while (inbox.size() > INBOX_LIMIT) {
                    inbox.poll();
                }
            }
        }, backoff, System::currentTimeMillis, counterIntervalMs);
        this.directory = new GroupDirectory(registry);
        credentials.attach(registry);
    }

    /** The credential the console presents, as the connection dialog edits it. */
    public CredentialsViewModel credentials() {
        return credentials;
    }

    public AgentRegistry registry() {
        return registry;
    }

    public GroupDirectory directory() {
        return directory;
    }

    public CounterStore counters() {
        return counters;
    }

    /** Runs result handlers on the UI thread (direct in view-model tests). */
    public Executor ui() {
        return ui;
    }

    /** Who the audit log names for actions from this console. */
    public String actor() {
        return actor;
    }

    /** Everything the event streams received since the last call (FX thread, once per tick). */
    public List<ReceivedEvent> drainEvents() {
        List<ReceivedEvent> out = new ArrayList<>();
        ReceivedEvent e;
        while ((e = inbox.poll()) != null) {
            out.add(e);
        }
        return out;
    }

    /** The alerts (new or changed) the streams received since the last call, in arrival order. */
    public List<ReceivedAlert> drainAlerts() {
        List<ReceivedAlert> out = new ArrayList<>();
        ReceivedAlert a;
        while ((a = alertInbox.poll()) != null) {
            out.add(a);
        }
        return out;
    }

    /** What this console sent, with the tandemctl lines (the Command log tab, the History). */
    public dev.tandem.console.commands.CommandLog commands() {
        return commands;
    }

    /**
     * Sends a state-changing request through {@code via} and records it in the command log with
     * its tandemctl line ({@code command}, built by the contract's TandemctlCommands from the very
     * request sent) and, once answered, its outcome. The future completes on a gRPC thread.
     */
    public <T> java.util.concurrent.CompletableFuture<T> send(dev.tandem.console.connection.AgentConnection via,
            String group, dev.tandem.contract.cli.TandemctlCommands.Command command,
            java.util.function.BiConsumer<dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceStub,
                    io.grpc.stub.StreamObserver<T>> rpc) {
        dev.tandem.console.commands.CommandLog.Pending pending = commands.sent(via.address(), group, command);
        java.util.concurrent.CompletableFuture<T> call = via.call(rpc);
        call.whenComplete((v, err) -> {
            if (err != null) {
                pending.done(dev.tandem.console.commands.Outcomes.of(err), true);
            } else {
                pending.done(dev.tandem.console.commands.Outcomes.ofReply(v),
                        v instanceof dev.tandem.proto.admin.v1.ActionReply r && !r.getAccepted());
            }
        });
        return call;
    }

    @Override
    public void close() {
        commands.close();
        registry.close();
    }
}
