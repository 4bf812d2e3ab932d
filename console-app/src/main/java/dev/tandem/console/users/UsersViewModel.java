package dev.tandem.console.users;

import dev.tandem.console.ConsoleContext;
import dev.tandem.console.connection.AgentConnection;
import dev.tandem.console.connection.Errors;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.ConfirmText;
import dev.tandem.contract.Identifiers;
import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.ListUsersRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.SessionState;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.admin.v1.UserEntry;
import dev.tandem.proto.admin.v1.UserList;
import dev.tandem.proto.admin.v1.UsersReply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The users of the selected group (ListUsers, a page at a time, searched by the agent), adding
 * and removing users, and the user assignment mode. The agent checks every request as for any
 * client (§5: no change while a node is in a failover state); a refusal is shown in its words.
 * Sessions of users served by the peer come from the peer's own agent when the console watches it.
 */
public final class UsersViewModel {
    public static final int PAGE = 200;

    private final ConsoleContext ctx;
    private final ObservableList<UserRow> rows = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty("");
    private final StringProperty toAdd = new SimpleStringProperty("");
    private final ObjectProperty<UserAssignmentMode> mode = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private GroupSource current;
    private String loadedFor;
    private String loadedFilter;
    private String nextToken = "";
    private long generation;

    public UsersViewModel(ConsoleContext ctx) {
        this.ctx = ctx;
    }

    public ObservableList<UserRow> rows() { return rows; }
    public StringProperty filterProperty() { return filter; }
    public StringProperty toAddProperty() { return toAdd; }
    public ObjectProperty<UserAssignmentMode> modeProperty() { return mode; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** The last refusal or failure, in the agent's words ("" when none). */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty hasMoreProperty() { return hasMore.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    /** Drain timer: (re)loads the first page when the group or the search text changed. */
    public void refresh(GroupSource selected) {
        current = selected;
        if (selected == null || !selected.live()) {
            return;
        }
        String f = filter.get() == null ? "" : filter.get().strip();
        if (!selected.group().equals(loadedFor) || !f.equals(loadedFilter)) {
            loadedFor = selected.group();
            loadedFilter = f;
            load(false);
        }
    }

    /** The first page again (after a change), or the next page appended. */
    public void load(boolean more) {
        if (current == null) {
            return;
        }
        GroupSource g = current;
        String f = loadedFilter == null ? "" : loadedFilter;
        String token = more ? nextToken : "";
        long gen = more ? generation : ++generation;
        ListUsersRequest req = ListUsersRequest.newBuilder().setFilter(f).setPageSize(PAGE).setPageToken(token).build();
        CompletableFuture<UserList> own = g.via().call((stub, obs) -> stub.listUsers(req, obs));
        own.thenCompose(page -> peerSessions(g, page, req).thenApply(peer -> Map.entry(page, peer)))
                .whenCompleteAsync((r, err) -> {
                    if (gen != generation) {
                        return; // a newer search or group replaced this one
                    }
                    if (err != null) {
                        error.set(Errors.explain(err, "Listing the users of " + g.group(), g.via().address().toString()));
                        return;
                    }
                    show(r.getKey(), r.getValue(), more);
                }, ctx.ui());
    }

    /**
     * The same page from the agent of the node serving the other users, for their sessions (an
     * agent knows only its own node's): empty when the console does not watch that agent or it
     * does not answer; never an error.
     */
    private CompletableFuture<Map<String, SessionState>> peerSessions(GroupSource g, UserList page, ListUsersRequest req) {
        Set<String> others = new LinkedHashSet<>();
        page.getUsersList().stream().filter(u -> u.getSession() == SessionState.SESSION_STATE_UNSPECIFIED)
                .forEach(u -> others.add(u.getServingNode()));
        Optional<AgentConnection> peer = others.size() != 1 ? Optional.empty() : ctx.registry().connections().stream()
                .filter(c -> c != g.via() && c.status() != null && c.status().getGroup().equals(g.group())
                        && c.status().getReporter().equals(others.iterator().next()))
                .findFirst();
        if (peer.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return peer.get().<UserList>call((stub, obs) -> stub.listUsers(req, obs)).handle((p, err) -> {
            Map<String, SessionState> m = new HashMap<>();
            if (p != null) {
                p.getUsersList().stream().filter(u -> u.getSession() != SessionState.SESSION_STATE_UNSPECIFIED)
                        .forEach(u -> m.put(u.getUser(), u.getSession()));
            }
            return m;
        });
    }

    private void show(UserList page, Map<String, SessionState> peer, boolean more) {
        List<UserRow> fresh = new ArrayList<>();
        for (UserEntry u : page.getUsersList()) {
            SessionState s = u.getSession() == SessionState.SESSION_STATE_UNSPECIFIED
                    ? peer.getOrDefault(u.getUser(), u.getSession()) : u.getSession();
            fresh.add(new UserRow(u.getUser(), dash(u.getHomeNode()), dash(u.getServingNode()),
                    session(s, u.getServingNode())));
        }
        if (more) {
            rows.addAll(fresh);
        } else {
            rows.setAll(fresh);
        }
        nextToken = page.getNextPageToken();
        hasMore.set(!nextToken.isEmpty());
        if (!more || mode.get() == null) {
            mode.set(page.getMode());
        }
        summary.set(String.format("%,d of %,d matching user(s) shown · %,d in group %s · assignment mode %s",
                rows.size(), page.getMatching(), page.getTotal(), loadedFor,
                TandemctlCommands.modeLabel(page.getMode())));
        error.set("");
    }

    static String session(SessionState s, String serving) {
        return switch (s) {
            case LOGGED_IN -> "Logged in";
            case NOT_LOGGED_IN -> "Not logged in";
            case NOT_SERVED -> "Not served";
            default -> serving.isEmpty() ? "—" : "Not known (ask " + serving + "'s agent)";
        };
    }

    private static String dash(String s) {
        return s.isEmpty() ? "—" : s;
    }

    /** The ids typed to add (spaces, commas or new lines between them), in order, once each. */
    public List<String> idsToAdd() {
        List<String> out = new ArrayList<>();
        for (String s : (toAdd.get() == null ? "" : toAdd.get()).split("[\\s,;]+")) {
            if (!s.isBlank() && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Why the typed ids cannot be sent (the contract's rule, as the agent applies it), or "". */
    public String addProblem() {
        List<String> ids = idsToAdd();
        if (ids.isEmpty()) {
            return "Type one or more user ids to add.";
        }
        for (String id : ids) {
            Optional<String> p = Identifiers.userIdProblem(id);
            if (p.isPresent()) {
                return "Cannot add \"" + id + "\": " + p.get() + ".";
            }
        }
        return "";
    }

    public ConfirmText addConfirmation() {
        List<String> ids = idsToAdd();
        return new ConfirmText("Add users?", "Add " + ids.size() + " user(s)", "Add " + String.join(", ", ids)
                + " to group " + loadedFor + ". Each gets a home node by the assignment mode ("
                + TandemctlCommands.modeLabel(mode.get() == null ? UserAssignmentMode.BALANCED : mode.get())
                + ") and is replicated to the peer. They can log in once they have a secret"
                + " (tandemctl users add --secrets FILE).");
    }

    public void add() {
        String problem = addProblem();
        if (!problem.isEmpty()) {
            error.set(problem);
            return;
        }
        AddUsersRequest req = AddUsersRequest.newBuilder().addAllUsers(idsToAdd()).setActor(ctx.actor()).build();
        change(TandemctlCommands.addUsers(req), "Adding users", (stub, obs) -> stub.addUsers(req, obs),
                r -> "Added " + r.getChanged() + " of " + req.getUsersCount() + " user(s); the group has "
                        + String.format("%,d", r.getTotal()) + " users.", () -> toAdd.set(""));
    }

    public ConfirmText removeConfirmation(List<String> users) {
        return new ConfirmText("Remove users?", "Remove " + users.size() + " user(s)", "Remove "
                + String.join(", ", users.size() > 10 ? users.subList(0, 10) : users) + (users.size() > 10 ? ", …" : "")
                + " from group " + loadedFor + ": their sessions end and their secrets are deleted on both nodes.");
    }

    public void remove(List<String> users) {
        if (users.isEmpty()) {
            error.set("Select the users to remove.");
            return;
        }
        RemoveUsersRequest req = RemoveUsersRequest.newBuilder().addAllUsers(users).setActor(ctx.actor()).build();
        change(TandemctlCommands.removeUsers(req), "Removing users", (stub, obs) -> stub.removeUsers(req, obs),
                r -> "Removed " + r.getChanged() + " of " + users.size() + " user(s); the group has "
                        + String.format("%,d", r.getTotal()) + " users.", () -> { });
    }

    public ConfirmText modeConfirmation() {
        return new ConfirmText("Change the user assignment mode?", "Set " + TandemctlCommands.modeLabel(mode.get()),
                "Set the user assignment mode of group " + loadedFor + " to " + TandemctlCommands.modeLabel(mode.get())
                        + ": every user is placed again by the new mode, and users whose node changes move.");
    }

    public void applyMode() {
        if (mode.get() == null || current == null) {
            return;
        }
        SetUserAssignmentModeRequest req = SetUserAssignmentModeRequest.newBuilder().setMode(mode.get())
                .setActor(ctx.actor()).build();
        GroupSource g = current;
        busy.set(true);
        ctx.<GroupConfiguration>send(g.via(), g.group(), TandemctlCommands.setAssignmentMode(req),
                (stub, obs) -> stub.setUserAssignmentMode(req, obs)).whenCompleteAsync((c, err) -> {
                    busy.set(false);
                    if (err != null) {
                        error.set(Errors.explain(err, "Changing the user assignment mode", g.via().address().toString()));
                        message.set("");
                    } else {
                        error.set("");
                        message.set("User assignment mode of " + c.getGroup() + ": "
                                + TandemctlCommands.modeLabel(c.getUserAssignmentMode()) + ".");
                        load(false);
                    }
                }, ctx.ui());
    }

    private void change(TandemctlCommands.Command command, String what,
                        java.util.function.BiConsumer<dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceStub,
                                io.grpc.stub.StreamObserver<UsersReply>> rpc,
                        java.util.function.Function<UsersReply, String> done, Runnable after) {
        if (current == null || busy.get()) {
            return;
        }
        GroupSource g = current;
        busy.set(true);
        error.set("");
        message.set(what + ": sending to " + g.via().address() + "…");
        ctx.<UsersReply>send(g.via(), g.group(), command, rpc).whenCompleteAsync((r, err) -> {
            busy.set(false);
            if (err != null) {
                message.set("");
                error.set(Errors.explain(err, what, g.via().address().toString()));
            } else {
                message.set(done.apply(r));
                after.run();
                load(false);
            }
        }, ctx.ui());
    }
}
