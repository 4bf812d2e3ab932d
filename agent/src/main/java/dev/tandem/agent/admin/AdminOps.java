package dev.tandem.agent.admin;

import dev.tandem.agent.peer.PeerLink;
import dev.tandem.contract.GroupRules;
import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.runtime.SrmView;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.presence.users.UserChangeRefusedException;
import dev.tandem.agent.presence.users.UserStoreException;
import dev.tandem.contract.GroupRules;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.ListUsersRequest;
import dev.tandem.proto.admin.v1.UserList;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetMaintenanceModeRequest;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.StateMatrix;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.admin.v1.UsersReply;
import dev.tandem.proto.peer.v1.ActionOffer;
import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedReply.ReplyKindCase;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
    /** What this class reads of the SRM: never the loop's internals. */
    private final SrmView view;
    private final String cluster;
    private final PeerLink link;
    private final UserOps users;
    private final UserListing listing;
    private final PreflightOps preflight;
    private final WhatIfOps whatIf;
    private final FaultOps faults;

    /** @param cluster the cluster's name, for error messages */
    public AdminOps(SrmLoop loop, String cluster, PeerLink link) {
        this.loop = loop;
        this.view = loop.view();
        this.cluster = cluster;
        this.link = link;
        OnSrm srm = new OnSrm() {
            @Override
            public <T> T call(java.util.concurrent.Callable<T> work) {
                return onSrm(work);
            }
        };
        this.users = new UserOps(loop, srm);
        this.listing = new UserListing(loop);
        this.preflight = new PreflightOps(loop, srm, this::requireGroupNode);
        this.whatIf = new WhatIfOps(loop, srm);
        this.faults = new FaultOps(loop, srm);
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

    <T> T onSrm(java.util.concurrent.Callable<T> work) {
        try {
            return loop.call(work, CALL_MS);
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
        }
    }

    private List<String> nodes() {
        return view.shared().getConfiguration().getNodesList();
    }

    private String group() {
        return view.shared().getConfiguration().getGroup();
    }

    /** Runs {@code local} when {@code node} is this one, forwards to the peer when it is the peer. */
    private <R> R route(String node, Supplier<R> local, ForwardedRequest forward, ReplyKindCase expected,
                        Function<ForwardedReply, R> reply) {
        requireGroupNode(node);
        return node.equals(view.self()) ? local.get() : forward(forward, expected, reply);
    }

    /** A node of this group, or INVALID_ARGUMENT (none given, or longer than a name can be) / NOT_FOUND (another name, quoted bounded). */
    private void requireGroupNode(String node) {
        if (node == null || node.isBlank()) {
            throw invalid("no node given; the nodes of group " + group() + " are " + String.join(", ", nodes()));
        }
        if (node.length() > dev.tandem.agent.security.input.MessageLimits.NAME_CHARS) {
            throw invalid("node name " + Q(node) + " is longer than " + dev.tandem.agent.security.input.MessageLimits.NAME_CHARS
                    + " characters; the nodes of group " + group() + " are " + String.join(", ", nodes()));
        }
        if (!node.equals(view.self()) && !node.equals(view.peerName())) {
            throw Status.NOT_FOUND.withDescription("no node " + Q(node) + " in group " + group() + "; its nodes are "
                    + String.join(", ", nodes())).asRuntimeException();
        }
    }

    /** Sends the request to the peer and returns its reply of the expected kind. */
    private <R> R forward(ForwardedRequest forward, ReplyKindCase expected, Function<ForwardedReply, R> reply) {
        ForwardedReply r = link.forward(forward);
        if (r.getReplyKindCase() != expected) {
            throw Status.INTERNAL.withDescription("unexpected reply from " + view.peerName() + ": "
                    + r.getReplyKindCase() + " instead of " + expected).asRuntimeException();
        }
        return reply.apply(r);
    }

    // ------------------------------------------------------------------ status

    public GroupStatus groupStatus() {
        return stamped(onSrm(loop::buildStatus));
    }

    /** The status with this agent's cluster name (GroupStatus.cluster), for every status sent out. */
    public GroupStatus stamped(GroupStatus s) {
        return cluster == null || cluster.isEmpty() ? s : s.toBuilder().setCluster(cluster).build();
    }

    /** A page of the users, read off the SRM thread (UserListing). */
    public UserList listUsers(ListUsersRequest r) {
        return listing.list(r);
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
            long now = view.now();
            HeartbeatMessage mine = loop.selfHeartbeat();
            out.add(dev.tandem.proto.admin.v1.CounterSample.newBuilder().setNode(view.self()).setAt(Protos.ts(now))
                    .addAllCounters(mine.getCountersList()).build());
            view.peerMessage().ifPresent(m -> out.add(dev.tandem.proto.admin.v1.CounterSample.newBuilder()
                    .setNode(view.peerName()).setAt(Protos.ts(m.getEnvelope().getSentAtMs()))
                    .addAllCounters(m.getCountersList()).build()));
            return out;
        });
    }

    // ------------------------------------------------------------------ manual actions

    public ActionReply failover(NodeActionRequest r) {
        return route(r.getNode(), () -> act(AdminAction.FAILOVER, r.getActor()),
                ForwardedRequest.newBuilder().setFailover(r).build(), ReplyKindCase.ACTION, ForwardedReply::getAction);
    }

    public ActionReply fallback(NodeActionRequest r) {
        return route(r.getNode(), () -> act(AdminAction.FALLBACK, r.getActor()),
                ForwardedRequest.newBuilder().setFallback(r).build(), ReplyKindCase.ACTION, ForwardedReply::getAction);
    }

    public ActionReply recover(GroupActionRequest r) {
        if (!r.getGroup().isBlank() && !r.getGroup().equals(group())) {
            throw Status.NOT_FOUND.withDescription("no group " + Q(r.getGroup()) + " here; this agent's group is "
                    + group()).asRuntimeException();
        }
        Optional<String> mine = onSrm(() -> view.refusal(AdminAction.RECOVERY));
        if (mine.isEmpty()) {
            return act(AdminAction.RECOVERY, r.getActor());
        }
        Optional<HeartbeatMessage> peer = onSrm(view::peerMessage);
        boolean peerOffers = peer.map(m -> m.getActionsList().stream().anyMatch(o ->
                o.getAction() == dev.tandem.proto.admin.v1.Action.RECOVERY && o.getOffered())).orElse(false);
        if (peerOffers) {
            return forward(ForwardedRequest.newBuilder().setRecover(r).build(), ReplyKindCase.ACTION,
                    ForwardedReply::getAction);
        }
        String theirs = peer.flatMap(m -> m.getActionsList().stream()
                .filter(o -> o.getAction() == dev.tandem.proto.admin.v1.Action.RECOVERY).map(ActionOffer::getRefusal)
                .findFirst()).map(s -> "; " + s).orElse("");
        loop.events().audit(actor(r.getActor()), "Recovery", group(), "refused: " + mine.get());
        throw precondition(mine.get() + theirs);
    }

    private ActionReply act(AdminAction a, String actorName) {
        String who = actor(actorName);
        return onSrm(() -> {
            Decision d = loop.admin(a, who);
            if (d.isRefused()) {
                loop.events().audit(who, a.label(), view.self(), "refused: " + d.refusal());
                throw precondition(d.refusal());
            }
            loop.events().audit(who, a.label(), view.self(), "accepted");
            GroupStatus s = loop.buildStatus();
            var me = s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(view.self())).findFirst()
                    .orElseThrow().getStatus();
            return ActionReply.newBuilder().setAccepted(true)
                    .setMessage(a.label() + " of " + view.self() + " accepted: " + view.sentence()).setStatus(me).build();
        });
    }

    // ------------------------------------------------------------------ configuration

    public GroupConfiguration configuration() {
        return onSrm(() -> withPorts(view.shared().getConfiguration()));
    }

    private GroupConfiguration withPorts(GroupConfiguration g) {
        return g.toBuilder().setParameters(g.getParameters().toBuilder().setServicePort(view.servicePort())
                .setAdminPort(view.adminPort())).build();
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
            loop.events().audit(who, "UpdateGroup", r.getGroup(), "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        for (String n : r.getNodesList()) {
            if (!n.equals(view.self()) && !n.equals(view.peerName())) {
                loop.events().audit(who, "UpdateGroup", r.getGroup(), "refused: unknown node " + n);
                throw Status.NOT_FOUND.withDescription("node " + Q(n) + " is not in cluster " + cluster
                        + " with this group; its nodes are " + view.self() + " and " + view.peerName()).asRuntimeException();
            }
        }
        return onSrm(() -> {
            GroupConfiguration old = view.shared().getConfiguration();
            if (r.getHaEnabled() && !old.getHaEnabled()) {
                String why = replicationProblem();
                if (why != null) {
                    loop.events().audit(who, "UpdateGroup", r.getGroup(), "refused: " + why);
                    throw precondition("high availability cannot be enabled: " + why);
                }
            }
            GroupConfiguration n = old.toBuilder().setGroup(r.getGroup()).setDescription(r.getDescription())
                    .clearNodes().addAllNodes(r.getNodesList()).setHaEnabled(r.getHaEnabled()).build();
            loop.change(n);
            loop.events().audit(who, "UpdateGroup", r.getGroup(), "accepted");
            return withPorts(n);
        });
    }

    /** Why replication is not set up on both nodes (§5), or null. Actor thread. */
    private String replicationProblem() {
        int mine = loop.database().up() ? 2 : 4;
        if (mine != 2) {
            return "database replication setup on " + view.self() + " is " + mine + ", not 2; fix replication first";
        }
        Optional<HeartbeatMessage> p = view.peerMessage();
        if (p.isEmpty()) {
            return "the replication setup of " + view.peerName() + " cannot be read: it is unreachable";
        }
        int theirs = p.get().getReport().getReplication().getReplicationSetup();
        if (theirs != 2) {
            return "database replication setup on " + view.peerName() + " is " + theirs + ", not 2; fix replication first";
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
            if (sp.getServicePort() != 0 && sp.getServicePort() != view.servicePort()) {
                problems.add("service port " + sp.getServicePort() + " differs from the port in use ("
                        + view.servicePort() + "); ports change only in the configuration file, with a restart");
            }
            if (sp.getAdminPort() != 0 && sp.getAdminPort() != view.adminPort()) {
                problems.add("admin port " + sp.getAdminPort() + " differs from the port in use ("
                        + view.adminPort() + "); ports change only in the configuration file, with a restart");
            }
        }
        if (!problems.isEmpty()) {
            loop.events().audit(who, "SetParameters", group(), "refused: " + String.join("; ", problems));
            throw invalid(String.join("; ", problems));
        }
        SrmParameters p = Protos.parameters(sp);
        return onSrm(() -> {
            GroupConfiguration old = view.shared().getConfiguration();
            loop.change(old.toBuilder().setParameters(Protos.parameters(p, view.servicePort(), view.adminPort())).build());
            loop.events().audit(who, "SetParameters", group(), "accepted: " + p);
            return Protos.parameters(view.parameters(), view.servicePort(), view.adminPort());
        });
    }

    public GroupConfiguration setUserAssignmentMode(SetUserAssignmentModeRequest r) {
        String who = actor(r.getActor());
        if (r.getMode() == UserAssignmentMode.USER_ASSIGNMENT_MODE_UNSPECIFIED || r.getMode() == UserAssignmentMode.UNRECOGNIZED) {
            loop.events().audit(who, "SetUserAssignmentMode", group(), "refused: no mode");
            throw invalid("give a user assignment mode: BALANCED, ACTIVE_STANDBY or NONE");
        }
        return onSrm(() -> {
            int replaced;
            try {
                // re-places every user here; the change reaches the peer's store by replication
                replaced = loop.users().setAssignmentMode(
                        dev.tandem.agent.presence.users.UserAssignmentMode.valueOf(r.getMode().name())).size();
            } catch (UserChangeRefusedException e) {
                loop.events().audit(who, "SetUserAssignmentMode", r.getMode().name(), "refused: " + e.getMessage());
                throw precondition(e.getMessage());
            } catch (UserStoreException e) {
                loop.events().audit(who, "SetUserAssignmentMode", r.getMode().name(), "failed: " + e.getMessage());
                throw Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException();
            }
            GroupConfiguration n = view.shared().getConfiguration().toBuilder().setUserAssignmentMode(r.getMode()).build();
            loop.change(n);
            loop.events().audit(who, "SetUserAssignmentMode", r.getMode().name(), "accepted: " + replaced + " user(s) re-placed");
            loop.publish();
            return withPorts(n);
        });
    }

    /** Pre-flight checks of a manual action: read-only, not audited. */
    public dev.tandem.proto.admin.v1.PreflightReport checkAction(dev.tandem.proto.admin.v1.CheckActionRequest r) {
        return preflight.check(r);
    }

    /** What-if: the pure SRM cores on a copy of the pair; read-only, not audited. */
    public dev.tandem.proto.admin.v1.SimulationReport simulate(dev.tandem.proto.admin.v1.SimulateRequest r) {
        return whatIf.simulate(r);
    }

    /** Enters or leaves maintenance mode; group-wide through the shared configuration. */
    public GroupConfiguration setMaintenanceMode(SetMaintenanceModeRequest r) {
        String who = actor(r.getActor());
        return onSrm(() -> {
            GroupConfiguration old = view.shared().getConfiguration();
            String what = r.getOn() ? "on" : "off";
            if (old.getMaintenanceMode() == r.getOn()) {
                loop.events().audit(who, "SetMaintenanceMode", group(), "accepted: already " + what);
                return withPorts(old);
            }
            GroupConfiguration n = old.toBuilder().setMaintenanceMode(r.getOn()).build();
            loop.change(n);
            loop.events().audit(who, r.getOn() ? "EnterMaintenanceMode" : "LeaveMaintenanceMode", group(),
                    "accepted: maintenance mode " + what);
            loop.publish();
            return withPorts(n);
        });
    }

    // ------------------------------------------------------------------ services and database (FaultOps)

    public CriticalServiceStatus startService(CriticalServiceRequest r) {
        return route(r.getNode(), () -> faults.service(r, true),
                ForwardedRequest.newBuilder().setStartCriticalService(r).build(), ReplyKindCase.SERVICE,
                ForwardedReply::getService);
    }

    public CriticalServiceStatus stopService(CriticalServiceRequest r) {
        return route(r.getNode(), () -> faults.service(r, false),
                ForwardedRequest.newBuilder().setStopCriticalService(r).build(), ReplyKindCase.SERVICE,
                ForwardedReply::getService);
    }

    public DatabaseStatus failDatabase(NodeActionRequest r) {
        return route(r.getNode(), () -> faults.database(r, false),
                ForwardedRequest.newBuilder().setFailDatabase(r).build(), ReplyKindCase.DATABASE, ForwardedReply::getDatabase);
    }

    public DatabaseStatus restoreDatabase(NodeActionRequest r) {
        return route(r.getNode(), () -> faults.database(r, true),
                ForwardedRequest.newBuilder().setRestoreDatabase(r).build(), ReplyKindCase.DATABASE,
                ForwardedReply::getDatabase);
    }

    // ------------------------------------------------------------------ users (UserOps)

    public UsersReply addUsers(AddUsersRequest r) {
        return users.add(r);
    }

    public UsersReply removeUsers(RemoveUsersRequest r) {
        return users.remove(r);
    }

    // ------------------------------------------------------------------ forwarded by the peer

    /**
     * Runs an admin request the peer forwarded: it names this node, so it runs here (never
     * forwarded again). One arm per request kind; a request with none set (e.g. a kind a newer
     * peer added) is refused as UNIMPLEMENTED, never mapped to an action.
     */
    public ForwardedReply forwarded(ForwardedRequest f) {
        ForwardedReply.Builder b = ForwardedReply.newBuilder();
        return switch (f.getRequestKindCase()) {
            case FAILOVER -> b.setAction(local(f.getFailover().getNode(),
                    () -> act(AdminAction.FAILOVER, f.getFailover().getActor()))).build();
            case FALLBACK -> b.setAction(local(f.getFallback().getNode(),
                    () -> act(AdminAction.FALLBACK, f.getFallback().getActor()))).build();
            case RECOVER -> b.setAction(act(AdminAction.RECOVERY, f.getRecover().getActor())).build();
            case START_CRITICAL_SERVICE -> b.setService(local(f.getStartCriticalService().getNode(),
                    () -> faults.service(f.getStartCriticalService(), true))).build();
            case STOP_CRITICAL_SERVICE -> b.setService(local(f.getStopCriticalService().getNode(),
                    () -> faults.service(f.getStopCriticalService(), false))).build();
            case FAIL_DATABASE -> b.setDatabase(local(f.getFailDatabase().getNode(),
                    () -> faults.database(f.getFailDatabase(), false))).build();
            case RESTORE_DATABASE -> b.setDatabase(local(f.getRestoreDatabase().getNode(),
                    () -> faults.database(f.getRestoreDatabase(), true))).build();
            case REQUESTKIND_NOT_SET -> throw Status.UNIMPLEMENTED
                    .withDescription("a forwarded request with no request this agent knows").asRuntimeException();
        };
    }

    private <R> R local(String node, Supplier<R> work) {
        if (!node.equals(view.self())) {
            throw Status.NOT_FOUND.withDescription("forwarded request names " + Q(node) + ", not " + view.self())
                    .asRuntimeException();
        }
        return work.get();
    }
}
