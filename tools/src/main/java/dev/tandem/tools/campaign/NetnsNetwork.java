package dev.tandem.tools.campaign;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The netns mode: each node in its own network namespace, the peer link a veth pair between the
 * two, each namespace tied to the root namespace (the campaign's JVM) by a veth pair of its own
 * ({@link NetnsLayout}). A PARTITION sets the peer link's two ends down: a real link-down, while
 * the observer, operator, clients and the witness still reach both nodes. Set up once per
 * campaign and reused by every round; removed by {@link #close} and, if the JVM ends first
 * (Ctrl-C, an exception), by a shutdown hook. A previous run's leftovers with the same names
 * (a campaign killed with SIGKILL) are removed before the setup.
 */
final class NetnsNetwork implements AutoCloseable {
    private final NetnsLayout layout;
    private final Thread hook;
    private boolean closed;

    private NetnsNetwork(NetnsLayout layout) {
        this.layout = layout;
        this.hook = new Thread(this::close, "netns-cleanup");
    }

    /** Removes leftovers of the same names, then creates the layout; a failure leaves nothing behind. */
    static NetnsNetwork create(int basePort) throws IOException {
        NetnsNetwork n = new NetnsNetwork(new NetnsLayout(basePort));
        n.removeAll();
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            for (List<String> c : n.layout.setup()) {
                IpCommand.run(c);
            }
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /**
     * Whether this process can create a namespace and a veth pair: empty if it can, else why not.
     * Creates and deletes a throwaway namespace named after the base port.
     */
    static Optional<String> probe(int basePort) {
        NetnsLayout l = new NetnsLayout(basePort);
        IpCommand.quietly(List.of("ip", "netns", "del", l.probeNamespace())); // a killed probe's leftover
        try {
            for (List<String> c : l.probe()) {
                IpCommand.run(c);
            }
            return Optional.empty();
        } catch (IOException e) {
            IpCommand.quietly(List.of("ip", "netns", "del", l.probeNamespace()));
            return Optional.of(e.getMessage());
        }
    }

    /** A round's view: its agents' service ports (node-a's first) on the namespaces made here. */
    PairNetwork round(int servicePortA, int servicePortB) {
        return new NetnsRound(layout, servicePortA, servicePortB);
    }

    /** Idempotent; also the shutdown hook's job. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            removeAll();
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    /**
     * Ends the processes still in the namespaces (agents of this or a killed earlier campaign: a
     * namespace with a process in it outlives its deletion), then deletes devices and namespaces.
     */
    private void removeAll() {
        for (String node : FaultRound.NODES) {
            String out = IpCommand.quietly(List.of("ip", "netns", "pids", layout.namespace(node)));
            out.lines().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                    .map(ProcessHandle::of).flatMap(Optional::stream).forEach(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> p).join();
                    });
        }
        layout.teardown().forEach(IpCommand::quietly);
    }
}
