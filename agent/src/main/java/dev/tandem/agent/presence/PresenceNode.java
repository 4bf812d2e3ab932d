package dev.tandem.agent.presence;

import dev.tandem.agent.presence.assignment.PresenceUserMoves;
import dev.tandem.agent.presence.clientport.ClientPortServer;
import dev.tandem.agent.presence.clientport.ClientPortService;
import dev.tandem.agent.presence.sessions.SessionCounters;
import dev.tandem.agent.presence.sessions.SessionManager;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.users.UserStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One emulated presence node: user store, session manager, user moves and client port, over
 * the agent's database connection. The agent builds one per node, tells it where the peer's
 * client port is ({@link #setPeerEndpoint}), and wires replication between the two stores.
 */
public final class PresenceNode implements AutoCloseable {
    private final PresenceNodeConfig config;
    private final PresenceStore db;
    private final UserStore users;
    private final SessionManager sessions;
    private final PresenceUserMoves moves;
    private final ClientPortService service;
    private final AtomicReference<NodeEndpoint> peerEndpoint = new AtomicReference<>();
    private ClientPortServer server;
    private volatile dev.tandem.agent.presence.clientport.ClientPortBinding binding =
            dev.tandem.agent.presence.clientport.ClientPortBinding.PLAINTEXT;

    /** Creates the presence tables if needed and loads what they hold. */
    public PresenceNode(PresenceNodeConfig config, Connection connection) throws SQLException {
        this.config = config;
        this.db = new PresenceStore(connection);
        db.createSchema();
        this.users = UserStore.open(config.nodeName(), config.group(), db);
        this.sessions = new SessionManager(users, peerEndpoint::get, config.secureMode());
        this.moves = new PresenceUserMoves(users, db);
        this.service = new ClientPortService(sessions, config.nodeName());
        peerEndpoint.set(new NodeEndpoint(users.peer(), "", ReloginLimits.DEFAULT));
    }

    /** Where the presence tables' transactions report storage failures (the agent's store health). */
    public PresenceNode reportStorageTo(dev.tandem.agent.statedb.StorageHealth health) {
        db.reportTo(health);
        return this;
    }

    /** How the client port will be secured (before {@link #start}). */
    public PresenceNode secureWith(dev.tandem.agent.presence.clientport.ClientPortBinding b) {
        this.binding = b;
        return this;
    }

    /** Starts the client port on its own server (config.clientPort). */
    public synchronized PresenceNode start() throws IOException {
        if (server != null) {
            throw new IllegalStateException(config.nodeName() + ": client port already started");
        }
        server = new ClientPortServer(config.clientPort(), service, binding).start();
        return this;
    }

    /** Where the peer's clients are sent by redirects; its address may be learnt after start. */
    public void setPeerEndpoint(NodeEndpoint peer) {
        if (!peer.name().equals(users.peer())) {
            throw new IllegalArgumentException("peer of " + config.nodeName() + " is " + users.peer() + ", not " + peer.name());
        }
        peerEndpoint.set(peer);
    }

    /** This node's client port as clients and the peer should know it (after {@link #start}). */
    public NodeEndpoint endpoint() {
        String address = server == null ? "" : server.address();
        return new NodeEndpoint(config.nodeName(), address, config.relogin());
    }

    public String name() {
        return config.nodeName();
    }

    public UserStore users() {
        return users;
    }

    public SessionManager sessions() {
        return sessions;
    }

    /** The {@link UserMoves} the SRM commands; also carries the fault-injection hook. */
    public PresenceUserMoves moves() {
        return moves;
    }

    /** The gRPC service, for an agent that serves it on a server of its own. */
    public ClientPortService clientPortService() {
        return service;
    }

    public SessionCounters counters() {
        return sessions.counters();
    }

    /** Stops the client port at once, telling no client (a killed node: connections just break). */
    public synchronized void halt() throws InterruptedException {
        if (server != null) {
            server.halt();
            server = null;
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        sessions.disconnectAll(config.nodeName() + " is stopping");
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
