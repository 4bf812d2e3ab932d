package dev.tandem.tools.sim;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.PresenceNode;
import dev.tandem.agent.presence.PresenceNodeConfig;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.users.UserChange;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Two presence nodes in one process, each on its own in-memory SQLite database, with client
 * ports on loopback. A simulation harness for the client simulator, benchmarks and tests: it
 * stands in for the agent's peer link by replicating user changes and presence between the
 * two nodes in order, one thread per direction (as a network link would, so neither node
 * ever waits on the other's locks). It is not the agent's peer link.
 */
public final class EmulatedPair implements AutoCloseable {
    public static final GroupNodes GROUP = new GroupNodes("node1", "node2");

    private final Connection db1;
    private final Connection db2;
    private final PresenceNode node1;
    private final PresenceNode node2;
    private final ExecutorService to1 = Executors.newSingleThreadExecutor(r -> daemon(r, "link-to-node1"));
    private final ExecutorService to2 = Executors.newSingleThreadExecutor(r -> daemon(r, "link-to-node2"));

    public EmulatedPair(ReloginLimits relogin, boolean secureMode) throws SQLException, IOException {
        db1 = DriverManager.getConnection("jdbc:sqlite::memory:");
        db2 = DriverManager.getConnection("jdbc:sqlite::memory:");
        node1 = new PresenceNode(PresenceNodeConfig.loopback("node1", GROUP).withRelogin(relogin).withSecureMode(secureMode), db1).start();
        node2 = new PresenceNode(PresenceNodeConfig.loopback("node2", GROUP).withRelogin(relogin).withSecureMode(secureMode), db2).start();
        node1.setPeerEndpoint(node2.endpoint());
        node2.setPeerEndpoint(node1.endpoint());
        link(node1, node2, to2);
        link(node2, node1, to1);
    }

    private static void link(PresenceNode from, PresenceNode to, ExecutorService wire) {
        from.users().addListener((change, origin) -> {
            if (origin == UserChange.Origin.LOCAL) {
                wire.execute(() -> to.users().applyReplicated(change));
            }
        });
        from.sessions().setPresenceRelay(update -> wire.execute(() -> to.sessions().applyPeerPresence(update)));
    }

    public PresenceNode node1() {
        return node1;
    }

    public PresenceNode node2() {
        return node2;
    }

    /** Waits until every change sent so far has been applied on the other node. */
    public void awaitReplicated() throws InterruptedException {
        try {
            to1.submit(() -> { }).get(10, TimeUnit.SECONDS);
            to2.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("replication did not drain", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws Exception {
        node1.close();
        node2.close();
        to1.shutdownNow();
        to2.shutdownNow();
        db1.close();
        db2.close();
    }
}
