package dev.tandem.agent.admin;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.agent.service.GroupRules;
import dev.tandem.agent.service.Protos;
import dev.tandem.agent.service.SrmLoop;
import dev.tandem.agent.services.CriticalServices;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.presence.users.InvalidUserException;
import dev.tandem.agent.presence.users.UserChangeRefusedException;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.presence.users.UserStoreException;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.StateMatrix;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.admin.v1.UsersReply;
import dev.tandem.proto.peer.v1.ActionOffer;
import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the admin API does, independent of gRPC plumbing. Every method answers or throws a
 * {@link StatusRuntimeException} with a sentence a person can act on; a refused request
 * changes nothing (it is only written to the audit log).
 *
 * <p>Requests naming the peer are forwarded to it over the peer link and answered with its
 * reply (or UNAVAILABLE when it cannot be reached).
 */
public final class AdminOps {
    static final long CALL_MS = 5000;

    private final SrmLoop loop;
    private final AgentConfig cfg;
    private final PeerLink link;

    public AdminOps(SrmLoop loop, AgentConfig cfg, PeerLink link) {
        this.loop = loop;
        this.cfg = cfg;
        this.link = link;
    }

    public SrmLoop loop() {
        return loop;
    }

    static StatusRuntimeException invalid(String m) {
        return Status.INVALID_ARGUMENT.withDescription(m).asRuntimeException();
    }

    static StatusRuntimeException precondition(String m) {
        return Status.FAILED_PRECONDITION.withDescription(m).asRuntimeException();
    }

    /** An input quoted for an error message: at most a short prefix (docs/security.md). */
    private static String Q(String input) {
        return dev.tandem.agent.security.input.Inputs.quote(input);
    }

    /** Who asked, for the audit log: the identity the transport proved, the request's actor only as a note. */
    static String actor(String a) {
        return dev.tandem.agent.security.auth.Caller.auditName(a);
    }

    private <T> T onSrm(java.util.concurrent.Callable<T> work) {
        try {
            return loop.call(work, CALL_MS);
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    private List<String> nodes() {
        return loop.shared().getConfiguration().getNodesList();
    }

    private String group() {
        return loop.shared().getConfiguration().getGroup();
    }

    /** Runs {@code local} when {@code node} is this one, forwards to the peer when it is the peer. */
    private <R extends Message> R route(String method, String node, Message request, Parser<R> parser, Supplier<R> local) {
        if (node == null || node.isBlank()) {
            throw invalid("no node given; the nodes of group " + group() + " are " + String.join(", ", nodes()));
        }
        if (node.equals(loop.self)) {
            return local.get();
        }
        if (node.equals(loop.peerName)) {
            ForwardedReply r = link.forward(method, request.toByteString());
            try {
                return parser.parseFrom(r.getReply());
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL.withDescription("unreadable reply from " + node).asRuntimeException();
            }
        }
        throw Status.NOT_FOUND.withDescription("no node " + Q(node) + " in group " + group() + "; its nodes are "
                + String.join(", ", nodes())).asRuntimeException();
    }

    // ------------------------------------------------------------------ status

    public GroupStatus groupStatus() {
        return onSrm(loop::buildStatus);
    }

    public StateMatrix stateMatrix() {
        StateMatrix.Builder b = StateMatrix.newBuilder();
        for (dev.tandem.agent.matrix.MatrixRow r : dev.tandem.agent.matrix.StateMatrix.rows()) {
            b.addRows(dev.tandem.proto.admin.v1.MatrixRow.newBuilder().setId(r.id()).setNode1(r.node1().label())
                    .setNode2(r.node2().label()).setCause(r.cause()).addAllRecommendedActions(r.actions()));
        }
        return b.build();
    }

    /** One counter sample per node: this node's own, and the peer's from its last heartbeat. */
    public List<dev.tandem.proto.admin.v1.CounterSample> counterSamples() {
        return onSrm(() -> {
            List<dev.tandem.proto.admin.v1.CounterSample> out = new ArrayList<>();
            long now = loop.clock.getAsLong();
            HeartbeatMessage mine = loop.selfHeartbeat();
            out.add(dev.tandem.proto.admin.v1.CounterSample.newBuilder().setNode(loop.self).setAt(Protos.ts(now))
                    .addAllCounters(mine.getCountersList()).build());
            loop.peerMessage().ifPresent(m -> out.add(dev.tandem.proto.admin.v1.CounterSample.newBuilder()
                    .setNode(loop.peerName).setAt(Protos.ts(m.getEnvelope().getSentAtMs()))
                    .addAllCounters(m.getCountersList()).build()));
            return out;
        });
    }

    // ------------------------------------------------------------------ manual actions

    public ActionReply failover(NodeActionRequest r) {
        return route("Failover", r.getNode(), r, ActionReply.parser(), () -> act(AdminAction.FAILOVER, r.getActor()));
    }

    public ActionReply fallback(NodeActionRequest r) {
        return route("Fallback", r.getNode(), r, ActionReply.parser(), () -> act(AdminAction.FALLBACK, r.getActor()));
    }

    public ActionReply recover(GroupActionRequest r) {
        if (!r.getGroup().isBlank() && !r.getGroup().equals(group())) {
            throw Status.NOT_FOUND.withDescription("no group " + Q(r.getGroup()) + " here; this agent's group is "
                    + group()).asRuntimeException();
        }
        Optional<String> mine = onSrm(() -> loop.core.refusal(AdminAction.RECOVERY));
        if (mine.isEmpty()) {
            return act(AdminAction.RECOVERY, r.getActor());
        }
        Optional<HeartbeatMessage> peer = onSrm(loop::peerMessage);
        boolean peerOffers = peer.map(m -> m.getActionsList().stream().anyMatch(o ->
                o.getAction() == dev.tandem.proto.admin.v1.Action.RECOVERY && o.getOffered())).orElse(false);
        if (peerOffers) {
            ForwardedReply fr = link.forward("Recover", r.toByteString());
            try {
                return ActionReply.parseFrom(fr.getReply());
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL.withDescription("unreadable reply from " + loop.peerName).asRuntimeException();
            }
        }
        String theirs = peer.flatMap(m -> m.getActionsList().stream()
                .filter(o -> o.getAction() == dev.tandem.proto.admin.v1.Action.RECOVERY).map(ActionOffer::getRefusal)
                .findFirst()).map(s -> "; " + s).orElse("");
        loop.audit(actor(r.getActor()), "Recovery", group(), "refused: " + mine.get());
        throw precondition(mine.get() + theirs);
    }

    private ActionReply act(AdminAction a, String actorName) {
        String who = actor(actorName);
        return onSrm(() -> {
            Decision d = loop.handle(new SrmEvent.AdminRequest(a, who));
            if (d.isRefused()) {
                loop.audit(who, a.label(), loop.self, "refused: " + d.refusal());
                throw precondition(d.refusal());
            }
            loop.audit(who, a.label(), loop.self, "accepted");
            GroupStatus s = loop.buildStatus();
            var me = s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(loop.self)).findFirst()
                    .orElseThrow().getStatus();
            return ActionReply.newBuilder().setAccepted(true)
                    .setMessage(a.label() + " of " + loop.self + " accepted: " + loop.core.sentence()).setStatus(me).build();
        });
    }

    // ------------------------------------------------------------------ configuration

    public GroupConfiguration configuration() {
        return onSrm(() -> withPorts(loop.shared().getConfiguration()));
    }

    private GroupConfiguration withPorts(GroupConfiguration g) {
        return g.toBuilder().setParameters(g.getParameters().toBuilder().setServicePort(loop.servicePort)
                .setAdminPort(loop.adminPort)).build();
    }

    public GroupConfiguration updateGroup(UpdateGroupRequest r) {
        String who = actor(r.getActor());
        List<String> problems = new ArrayList<>(GroupRules.nameProblems(r.getGroup()));
        problems.addAll(GroupRules.descriptionProblems(r.getDescription()));
        if (r.getNodesCount() != 2) {
            problems.add("a group has exactly two nodes; " + r.getNodesCount() + " given");
        } else if (r.getNodes(0).equals(r.getNodes(1))) {
            problems.add("the same node " + Q(r.getNodes(0)) + " is given twice; a group needs two different nodes");
        }
        if (!problems.isEmpty()) {
            loop.audit(who, "UpdateGroup", r.getGroup(), "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        for (String n : r.getNodesList()) {
            if (!n.equals(loop.self) && !n.equals(loop.peerName)) {
                loop.audit(who, "UpdateGroup", r.getGroup(), "refused: unknown node " + n);
                throw Status.NOT_FOUND.withDescription("node " + Q(n) + " is not in cluster " + cfg.cluster()
                        + " with this group; its nodes are " + loop.self + " and " + loop.peerName).asRuntimeException();
            }
        }
        return onSrm(() -> {
            GroupConfiguration old = loop.shared().getConfiguration();
            if (r.getHaEnabled() && !old.getHaEnabled()) {
                String why = replicationProblem();
                if (why != null) {
                    loop.audit(who, "UpdateGroup", r.getGroup(), "refused: " + why);
                    throw precondition("high availability cannot be enabled: " + why);
                }
            }
            GroupConfiguration n = old.toBuilder().setGroup(r.getGroup()).setDescription(r.getDescription())
                    .clearNodes().addAllNodes(r.getNodesList()).setHaEnabled(r.getHaEnabled()).build();
            loop.change(n);
            loop.audit(who, "UpdateGroup", r.getGroup(), "accepted");
            return withPorts(n);
        });
    }

    /** Why replication is not set up on both nodes (§5), or null. Actor thread. */
    private String replicationProblem() {
        int mine = loop.database.up() ? 2 : 4;
        if (mine != 2) {
            return "database replication setup on " + loop.self + " is " + mine + ", not 2; fix replication first";
        }
        Optional<HeartbeatMessage> p = loop.peerMessage();
        if (p.isEmpty()) {
            return "the replication setup of " + loop.peerName + " cannot be read: it is unreachable";
        }
        int theirs = p.get().getReport().getReplication().getReplicationSetup();
        if (theirs != 2) {
            return "database replication setup on " + loop.peerName + " is " + theirs + ", not 2; fix replication first";
        }
        return null;
    }

    public ServiceParameters setParameters(SetParametersRequest r) {
        String who = actor(r.getActor());
        ServiceParameters sp = r.getParameters();
        List<String> problems = new ArrayList<>();
        if (!r.hasParameters()) {
            problems.add("no parameters given; send the full set (read it with GetConfiguration)");
        } else {
            problems.addAll(Protos.parameters(sp).problems());
            if (sp.getServicePort() != 0 && sp.getServicePort() != loop.servicePort) {
                problems.add("service port " + sp.getServicePort() + " differs from the port in use ("
                        + loop.servicePort + "); ports change only in the configuration file, with a restart");
            }
            if (sp.getAdminPort() != 0 && sp.getAdminPort() != loop.adminPort) {
                problems.add("admin port " + sp.getAdminPort() + " differs from the port in use ("
                        + loop.adminPort + "); ports change only in the configuration file, with a restart");
            }
        }
        if (!problems.isEmpty()) {
            loop.audit(who, "SetParameters", group(), "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        SrmParameters p = Protos.parameters(sp);
        return onSrm(() -> {
            GroupConfiguration old = loop.shared().getConfiguration();
            loop.change(old.toBuilder().setParameters(Protos.parameters(p, loop.servicePort, loop.adminPort)).build());
            loop.audit(who, "SetParameters", group(), "accepted: " + p);
            return Protos.parameters(loop.core.parameters(), loop.servicePort, loop.adminPort);
        });
    }

    public GroupConfiguration setUserAssignmentMode(SetUserAssignmentModeRequest r) {
        String who = actor(r.getActor());
        if (r.getMode() == UserAssignmentMode.USER_ASSIGNMENT_MODE_UNSPECIFIED || r.getMode() == UserAssignmentMode.UNRECOGNIZED) {
            loop.audit(who, "SetUserAssignmentMode", group(), "refused: no mode");
            throw invalid("give a user assignment mode: BALANCED, ACTIVE_STANDBY or NONE");
        }
        return onSrm(() -> {
            int replaced;
            try {
                // re-places every user here; the change reaches the peer's store by replication
                replaced = loop.presence.users().setAssignmentMode(
                        dev.tandem.agent.presence.users.UserAssignmentMode.valueOf(r.getMode().name())).size();
            } catch (UserChangeRefusedException e) {
                loop.audit(who, "SetUserAssignmentMode", r.getMode().name(), "refused: " + e.getMessage());
                throw precondition(e.getMessage());
            } catch (UserStoreException e) {
                loop.audit(who, "SetUserAssignmentMode", r.getMode().name(), "failed: " + e.getMessage());
                throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
            }
            GroupConfiguration n = loop.shared().getConfiguration().toBuilder().setUserAssignmentMode(r.getMode()).build();
            loop.change(n);
            loop.audit(who, "SetUserAssignmentMode", r.getMode().name(), "accepted: " + replaced + " user(s) re-placed");
            loop.publish();
            return withPorts(n);
        });
    }

    // ------------------------------------------------------------------ services and database

    private CriticalService service(String id) {
        try {
            return CriticalService.parse(id);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private CriticalServiceStatus serviceStatus(CriticalService s) {
        CriticalServices.ServiceState st = loop.services.state(s);
        return CriticalServiceStatus.newBuilder().setNode(loop.self).setService(s.displayName()).setId(s.name())
                .setRunning(st.running()).setSince(Protos.ts(st.sinceMs())).setBinding(st.binding())
                .setDetail(st.detail()).build();
    }

    public CriticalServiceStatus startService(CriticalServiceRequest r) {
        return route("StartCriticalService", r.getNode(), r, CriticalServiceStatus.parser(), () -> serviceAction(r, true));
    }

    public CriticalServiceStatus stopService(CriticalServiceRequest r) {
        return route("StopCriticalService", r.getNode(), r, CriticalServiceStatus.parser(), () -> serviceAction(r, false));
    }

    private CriticalServiceStatus serviceAction(CriticalServiceRequest r, boolean start) {
        String who = actor(r.getActor());
        CriticalService s = service(r.getService());
        String what = start ? "StartCriticalService" : "StopCriticalService";
        try {
            if (start) {
                loop.services.start(s);
            } else {
                loop.services.stop(s);
            }
        } catch (Exception e) {
            loop.audit(who, what, s.name(), "failed: " + e.getMessage());
            throw precondition((start ? "could not start " : "could not stop ") + s.displayName() + " on "
                    + loop.self + ": " + e.getMessage());
        }
        loop.audit(who, what, s.name(), "accepted");
        return serviceStatus(s);
    }

    public DatabaseStatus failDatabase(NodeActionRequest r) {
        return route("FailDatabase", r.getNode(), r, DatabaseStatus.parser(), () -> database(r, false));
    }

    public DatabaseStatus restoreDatabase(NodeActionRequest r) {
        return route("RestoreDatabase", r.getNode(), r, DatabaseStatus.parser(), () -> database(r, true));
    }

    private DatabaseStatus database(NodeActionRequest r, boolean up) {
        return onSrm(() -> {
            loop.databaseChanged(up);
            loop.audit(actor(r.getActor()), up ? "RestoreDatabase" : "FailDatabase", loop.self, "accepted");
            return DatabaseStatus.newBuilder().setNode(loop.self).setUp(loop.database.up())
                    .setSince(Protos.ts(loop.database.sinceMs())).build();
        });
    }

    // ------------------------------------------------------------------ users

    private static List<String> checkUsers(List<String> users) {
        List<String> problems = new ArrayList<>();
        if (users.isEmpty()) {
            problems.add("no users given");
        }
        Set<String> seen = new HashSet<>();
        for (String u : users) {
            if (u.isBlank() || u.length() > 255 || u.chars().anyMatch(Character::isWhitespace)) {
                problems.add(Q(u) + " is not a user id (1..255 characters, no spaces)");
            } else if (!seen.add(u)) {
                problems.add("user " + Q(u) + " is given twice");
            }
        }
        return problems;
    }

    public UsersReply addUsers(AddUsersRequest r) {
        return users("AddUsers", r.getActor(), r.getUsersList(), true, r.getSecretsMap());
    }

    public UsersReply removeUsers(RemoveUsersRequest r) {
        return users("RemoveUsers", r.getActor(), r.getUsersList(), false, java.util.Map.of());
    }

    private UsersReply users(String what, String actorName, List<String> users, boolean add,
                             java.util.Map<String, String> secrets) {
        String who = actor(actorName);
        List<String> problems = checkUsers(users);
        Set<String> listed = new HashSet<>(users);
        for (var e : secrets.entrySet()) {
            if (!listed.contains(e.getKey())) {
                problems.add("a secret is given for " + Q(e.getKey()) + ", which is not in users");
            } else if (dev.tandem.agent.security.secrets.SecretHasher.problem(e.getValue()) != null) {
                problems.add("the secret of " + Q(e.getKey()) + ": " + dev.tandem.agent.security.secrets.SecretHasher.problem(e.getValue()));
            }
            if (problems.size() > 20) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            loop.audit(who, what, users.size() + " users", "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        // PBKDF2 here, on the caller's thread: milliseconds per user must not hold up the SRM thread
        dev.tandem.agent.security.secrets.SecretHasher hasher = new dev.tandem.agent.security.secrets.SecretHasher();
        java.util.Map<String, String> hashes = new java.util.LinkedHashMap<>();
        secrets.forEach((u, secret) -> hashes.put(u, hasher.hash(secret)));
        return onSrm(() -> {
            UserStore store = loop.presence.users();
            List<String> which = users.stream().filter(u -> add == store.find(u).isEmpty()).toList();
            try {
                if (add) {
                    // the store refuses while any node is in a failover state (§5), saying why
                    if (!which.isEmpty()) {
                        store.addUsers(which);
                    }
                    hashes.forEach(store::setSecretHash);
                } else {
                    String blocked = loop.presence.usersBlocked(loop.core.state(), loop.core.reason(), loop.core.peer());
                    if (blocked != null) {
                        throw new UserChangeRefusedException("cannot remove users now: " + blocked);
                    }
                    which.forEach(store::removeUser);
                }
            } catch (UserChangeRefusedException e) {
                loop.audit(who, what, users.size() + " users", "refused: " + e.getMessage());
                throw precondition(e.getMessage());
            } catch (InvalidUserException e) {
                loop.audit(who, what, users.size() + " users", "refused: " + e.getMessage());
                throw invalid(e.getMessage());
            } catch (UserStoreException e) {
                loop.audit(who, what, users.size() + " users", "failed: " + e.getMessage());
                throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
            }
            loop.audit(who, what, users.size() + " users", "accepted: " + which.size() + " changed"
                    + (hashes.isEmpty() ? "" : ", " + hashes.size() + " secret(s) set"));
            loop.publish();
            return UsersReply.newBuilder().setChanged(which.size()).setTotal(store.size()).build();
        });
    }

    // ------------------------------------------------------------------ forwarded by the peer

    /** Runs an admin request the peer forwarded: it names this node, so it runs here (never forwarded again). */
    public ForwardedReply forwarded(ForwardedRequest f) {
        try {
            ByteString b = f.getRequest();
            Message reply = switch (f.getMethod()) {
                case "Failover" -> {
                    NodeActionRequest n = NodeActionRequest.parseFrom(b);
                    yield local(n.getNode(), () -> act(AdminAction.FAILOVER, n.getActor()));
                }
                case "Fallback" -> {
                    NodeActionRequest n = NodeActionRequest.parseFrom(b);
                    yield local(n.getNode(), () -> act(AdminAction.FALLBACK, n.getActor()));
                }
                case "Recover" -> act(AdminAction.RECOVERY, GroupActionRequest.parseFrom(b).getActor());
                case "StartCriticalService" -> serviceAction(CriticalServiceRequest.parseFrom(b), true);
                case "StopCriticalService" -> serviceAction(CriticalServiceRequest.parseFrom(b), false);
                case "FailDatabase" -> database(NodeActionRequest.parseFrom(b), false);
                case "RestoreDatabase" -> database(NodeActionRequest.parseFrom(b), true);
                default -> throw Status.UNIMPLEMENTED.withDescription("cannot forward " + f.getMethod()).asRuntimeException();
            };
            return ForwardedReply.newBuilder().setReply(reply.toByteString()).build();
        } catch (InvalidProtocolBufferException e) {
            throw invalid("unreadable forwarded request: " + e.getMessage());
        }
    }

    private <R> R local(String node, Supplier<R> work) {
        if (!node.equals(loop.self)) {
            throw Status.NOT_FOUND.withDescription("forwarded request names " + Q(node) + ", not " + loop.self)
                    .asRuntimeException();
        }
        return work.get();
    }
}
