package dev.tandem.console.services;

import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.ConfirmText;
import dev.tandem.console.util.Names;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.console.util.StateSignature;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.ReplicationRow;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Critical services per node (status, time in status, start/stop), databases and replication. */
public final class ServicesViewModel {
    private final javafx.beans.property.ReadOnlyLongWrapper clock = new javafx.beans.property.ReadOnlyLongWrapper();
    private final ConsoleContext ctx;
    private final ObservableList<ServiceRow> services = FXCollections.observableArrayList();
    private final ObservableList<DatabaseRow> databases = FXCollections.observableArrayList();
    private final ObservableList<ReplRow> replication = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private GroupSource current;
    /** The message is about this state; null until the status shows what the reply said. */
    private String messageSignature;
    private java.util.function.Predicate<GroupStatus> messageTrueWhen = st -> true;
    private long messageAt;

    public ServicesViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    public ObservableList<ServiceRow> services() {
        return services;
    }

    public ObservableList<DatabaseRow> databases() {
        return databases;
    }

    public ObservableList<ReplRow> replication() {
        return replication;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void refresh(GroupSource selected, long now) {
        clock.set(now);
        current = selected;
        expireMessage(selected, now);
        List<ServiceRow> s = new ArrayList<>();
        List<DatabaseRow> d = new ArrayList<>();
        List<ReplRow> r = new ArrayList<>();
        if (selected != null) {
            for (NodeReport n : selected.status().getNodesList()) {
                for (CriticalServiceStatus c : n.getServicesList()) {
                    s.add(new ServiceRow(n.getStatus().getNode(), c.getService(), c.getId(), c.getRunning(),
                            c.getRunning() ? "Running" : "STOPPED", sinceMs(c.getSince()), c.getBinding(),
                            c.getDetail()));
                }
                if (n.hasDatabase()) {
                    DatabaseStatus db = n.getDatabase();
                    d.add(new DatabaseRow(n.getStatus().getNode(), db.getUp(), db.getUp() ? "Up" : "DOWN",
                            sinceMs(db.getSince())));
                }
                if (n.hasReplication()) {
                    ReplicationRow rr = n.getReplication();
                    r.add(new ReplRow(rr.getNode(), rr.getAddress(), String.format("%.3f", rr.getPingMs()),
                            String.valueOf(rr.getReplicationQueue()), rr.getReplicationSetup(),
                            rr.getReplicationSetup() == 2 ? "2 (set up)"
                                    : rr.getReplicationSetup() + " (NOT set up: fix before enabling HA)"));
                }
            }
        }
        if (!s.equals(services)) {
            services.setAll(s);
        }
        if (!d.equals(databases)) {
            databases.setAll(d);
        }
        if (!r.equals(replication)) {
            replication.setAll(r);
        }
    }

    /**
     * A reply ("Cisco Sync Agent on node-a is now stopped") stays while the table shows that
     * state, and clears on the next change, so it never contradicts the table.
     */
    private void expireMessage(GroupSource selected, long now) {
        if (message.get().isEmpty() || selected == null) {
            return;
        }
        String sig = StateSignature.of(selected.status());
        if (messageSignature == null) {
            if (messageTrueWhen.test(selected.status()) || now - messageAt > 5_000) {
                messageSignature = sig;
            }
        } else if (!messageSignature.equals(sig)) {
            setMessage("", st -> true);
        }
    }

    private void setMessage(String text, java.util.function.Predicate<GroupStatus> trueWhen) {
        message.set(text);
        messageSignature = null;
        messageTrueWhen = trueWhen;
        messageAt = System.currentTimeMillis();
    }

    private static boolean serviceRunning(GroupStatus s, String node, String id, boolean running) {
        return s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(node))
                .flatMap(n -> n.getServicesList().stream()).anyMatch(c -> c.getId().equals(id) && c.getRunning() == running);
    }

    private static boolean databaseUp(GroupStatus s, String node, boolean up) {
        return s.getNodesList().stream().anyMatch(n -> n.getStatus().getNode().equals(node) && n.getDatabase().getUp() == up);
    }

    private static long sinceMs(com.google.protobuf.Timestamp since) {
        return Ages.isSet(since) ? Ages.millis(since) : -1;
    }

    /** The console's clock at the last refresh: the "time in status" cells follow it. */
    public javafx.beans.property.ReadOnlyLongProperty nowProperty() {
        return clock.getReadOnlyProperty();
    }

    /** "2 min 03 s" since {@code sinceMs} at the last refresh; "" when the agent sent no time. */
    public String timeInStatus(long sinceMs) {
        return sinceMs < 0 ? "" : Ages.duration(clock.get() - sinceMs);
    }

    /** What stopping or starting a critical service will do, from the agent's state and parameters. */
    public ConfirmText serviceConfirmation(ServiceRow row, boolean start) {
        String act = (start ? "Start " : "Stop ") + row.service() + " on " + row.node();
        if (start) {
            return new ConfirmText(act + "?", act, row.service() + " is started on " + row.node()
                    + ". No users move: once every critical service runs, a fallback (if one is due) stays "
                    + "manual unless Automatic Fallback is enabled.");
        }
        GroupStatus s = current == null ? null : current.status();
        String delay = s == null ? "the critical service down delay"
                : Ages.duration(s.getParameters().getCriticalServiceDownDelayMs());
        NodeReport n = node(s, row.node());
        String peer = peerOf(s, row.node());
        String effect;
        if (s == null || n == null) {
            effect = "The agent decides what follows.";
        } else if (!s.getHaEnabled()) {
            effect = "High availability is disabled: no automatic failover follows; users of " + row.node()
                    + " lose service until it is started again.";
        } else if (n.getStatus().getState() == NodeState.NORMAL) {
            effect = "Automatic failover after " + delay + " if it stays down: the SRM of " + row.node()
                    + " stops its critical services and its " + n.getServedUsers() + " users move to " + peer + ".";
        } else if (n.getStatus().getState() == NodeState.RUNNING_IN_BACKUP_MODE) {
            effect = "Automatic recovery after " + delay + " if it stays down: " + peer + " takes every user ("
                    + n.getServedUsers() + " now served by " + row.node() + ").";
        } else {
            effect = row.node() + " is " + Names.state(n.getStatus().getState()) + ": no automatic failover follows.";
        }
        return new ConfirmText(act + "?", act, row.service() + " is stopped on " + row.node() + ". " + effect);
    }

    /** What failing or restoring a node's database will do. */
    public ConfirmText databaseConfirmation(DatabaseRow row, boolean fail) {
        String act = (fail ? "Fail the database of " : "Restore the database of ") + row.node();
        if (!fail) {
            return new ConfirmText(act + "?", act, "The database of " + row.node() + " comes back up. No users move;"
                    + " fall back manually when every critical service runs.");
        }
        GroupStatus s = current == null ? null : current.status();
        NodeReport n = node(s, row.node());
        String peer = peerOf(s, row.node());
        String effect;
        if (s == null || n == null) {
            effect = "The agent decides what follows.";
        } else if (!s.getHaEnabled()) {
            effect = "High availability is disabled: no automatic failover follows.";
        } else if (n.getStatus().getState() == NodeState.NORMAL) {
            effect = "Automatic failover at once (Database Failure): its " + n.getServedUsers() + " users move to "
                    + peer + ".";
        } else if (n.getStatus().getState() == NodeState.RUNNING_IN_BACKUP_MODE) {
            effect = "Automatic recovery at once: " + peer + " takes every user.";
        } else {
            effect = row.node() + " is " + Names.state(n.getStatus().getState()) + ".";
        }
        return new ConfirmText(act + "?", act, "Fault injection: the database of " + row.node() + " goes down. "
                + effect);
    }

    private static NodeReport node(GroupStatus s, String node) {
        return s == null ? null : s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(node))
                .findFirst().orElse(null);
    }

    private static String peerOf(GroupStatus s, String node) {
        return s == null ? "the peer" : s.getNodesList().stream().map(n -> n.getStatus().getNode())
                .filter(n -> !n.equals(node)).findFirst().orElse("the peer");
    }

    private final javafx.beans.property.ReadOnlyStringWrapper rawError = new javafx.beans.property.ReadOnlyStringWrapper("");

    /** The raw detail of the last error shown ("" when none), for the Details link. */
    public javafx.beans.property.ReadOnlyStringProperty rawErrorProperty() {
        return rawError.getReadOnlyProperty();
    }

    private String explain(Throwable err, String what, String where) {
        rawError.set(Errors.describe(err));
        return Errors.explain(err, what, where);
    }

    public void start(ServiceRow row) {
        send(row, true);
    }

    public void stop(ServiceRow row) {
        send(row, false);
    }

    private void send(ServiceRow row, boolean start) {
        if (current == null) {
            return;
        }
        CriticalServiceRequest req = CriticalServiceRequest.newBuilder().setNode(row.node()).setService(row.id())
                .setActor(ctx.actor()).build();
        String verb = start ? "Start" : "Stop";
        String where = current.via().address().toString();
        rawError.set("");
        setMessage(verb + " " + row.service() + " on " + row.node() + ": sending…", st -> false);
        ctx.<CriticalServiceStatus>send(current.via(), current.group(), start ? TandemctlCommands.startService(req)
                : TandemctlCommands.stopService(req), (stub, obs) -> {
            if (start) {
                stub.startCriticalService(req, obs);
            } else {
                stub.stopCriticalService(req, obs);
            }
        }).whenCompleteAsync((st, err) -> setMessage(err != null
                ? explain(err, verb + " " + row.service() + " on " + row.node(), where)
                : row.service() + " on " + row.node() + " is now " + (st.getRunning() ? "running" : "stopped")
                  + (st.getDetail().isBlank() ? "" : " (" + st.getDetail() + ")"),
                err != null ? g -> true : g -> serviceRunning(g, row.node(), row.id(), st.getRunning())), ctx.ui());
    }

    /** Fails (fault injection on an emulated node) or restores a node's database. */
    public void database(DatabaseRow row, boolean fail) {
        if (current == null) {
            return;
        }
        NodeActionRequest req = NodeActionRequest.newBuilder().setNode(row.node()).setActor(ctx.actor()).build();
        String verb = fail ? "Fail database" : "Restore database";
        String where = current.via().address().toString();
        rawError.set("");
        setMessage(verb + " of " + row.node() + ": sending…", st -> false);
        ctx.<DatabaseStatus>send(current.via(), current.group(), fail ? TandemctlCommands.failDatabase(req)
                : TandemctlCommands.restoreDatabase(req), (stub, obs) -> {
            if (fail) {
                stub.failDatabase(req, obs);
            } else {
                stub.restoreDatabase(req, obs);
            }
        }).whenCompleteAsync((st, err) -> setMessage(err != null
                ? explain(err, verb + " of " + row.node(), where)
                : "The database of " + row.node() + " is now " + (st.getUp() ? "up" : "down"),
                err != null ? g -> true : g -> databaseUp(g, row.node(), st.getUp())), ctx.ui());
    }

    /**
     * One critical service of one node. The row holds when its status began, not the age: rows
     * then stay equal from second to second, so the table keeps its cells (and the buttons in
     * them) instead of being refilled under the pointer; the age cell follows {@link #nowProperty}.
     */
    public record ServiceRow(String node, String service, String id, boolean running, String status,
                             long sinceMs, String binding, String detail) {
    }

    /** A node's database (the age as for {@link ServiceRow}). */
    public record DatabaseRow(String node, boolean up, String status, long sinceMs) {
    }

    /** One row of "utils dbreplication runtimestate". */
    public record ReplRow(String node, String address, String pingMs, String queue, int setup, String setupText) {
    }
}
