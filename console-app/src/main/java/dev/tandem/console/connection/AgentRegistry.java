package dev.tandem.console.connection;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/** The agents the console talks to. Thread-safe; adding or removing never blocks on the network. */
public final class AgentRegistry implements AutoCloseable {
    private final ChannelFactory channels;
    private final AgentListener listener;
    private final Backoff backoff;
    private final LongSupplier clock;
    private final long counterIntervalMs;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-reconnect");
        t.setDaemon(true);
        return t;
    });
    private final List<AgentConnection> connections = new CopyOnWriteArrayList<>();

    public AgentRegistry(ChannelFactory channels, AgentListener listener, Backoff backoff, LongSupplier clock,
                         long counterIntervalMs) {
        this.channels = channels;
        this.listener = listener;
        this.backoff = backoff;
        this.clock = clock;
        this.counterIntervalMs = counterIntervalMs;
    }

    public synchronized AgentConnection add(AgentAddress address) {
        if (find(address).isPresent()) {
            throw new IllegalArgumentException(address + " is already in the list");
        }
        AgentConnection c = new AgentConnection(address, channels, scheduler, backoff, listener, clock,
                counterIntervalMs);
        connections.add(c);
        c.start();
        return c;
    }

    public synchronized void remove(AgentAddress address) {
        find(address).ifPresent(c -> {
            connections.remove(c);
            c.close();
        });
    }

    /** Closes and reopens every connection (new credentials); the list keeps its order. */
    public synchronized void reconnectAll() {
        List<AgentAddress> addresses = connections.stream().map(AgentConnection::address).toList();
        addresses.forEach(this::remove);
        addresses.forEach(this::add);
    }

    public Optional<AgentConnection> find(AgentAddress address) {
        return connections.stream().filter(c -> c.address().equals(address)).findFirst();
    }

    public List<AgentConnection> connections() {
        return List.copyOf(connections);
    }

    @Override
    public void close() {
        connections.forEach(AgentConnection::close);
        connections.clear();
        scheduler.shutdownNow();
    }
}
