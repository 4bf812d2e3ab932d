package dev.tandem.agent.security.peer;

import dev.tandem.agent.security.input.Inputs;
import dev.tandem.agent.security.input.MessageLimits;
import dev.tandem.contract.GroupRules;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.peer.v1.SharedConfig;
import dev.tandem.proto.peer.v1.StoredUser;
import java.util.ArrayList;
import java.util.List;

/**
 * What a message from the authenticated peer must satisfy before it is used (docs/security.md):
 * even the real peer may be buggy or compromised, and one bad configuration would otherwise
 * spread to both nodes and survive restarts. Each check answers the problems it found, one
 * sentence each, with at most a short quote of any input; empty = acceptable.
 */
public final class PeerMessageRules {
    /**
     * How far ahead of this node's clock a peer's configuration revision may be. Revisions
     * are wall-clock milliseconds of the change; a day covers any sane clock skew and keeps
     * a forged 2^63-1 from locking the configuration for good.
     */
    public static final long MAX_REVISION_AHEAD_MS = 86_400_000L;

    private PeerMessageRules() {
    }

    /**
     * Problems with adopting the peer's {@code theirs} over {@code ours} at {@code nowMs}.
     * The caller adopts only when the list is empty and the revision is newer.
     */
    public static List<String> configurationProblems(SharedConfig theirs, SharedConfig ours, long nowMs) {
        List<String> p = new ArrayList<>();
        long rev = theirs.getRevision();
        long limit = saturatingAdd(Math.max(nowMs, ours.getRevision()), MAX_REVISION_AHEAD_MS);
        if (rev < 0 || rev > limit) {
            p.add("configuration revision " + rev + " is outside 0.." + limit
                    + " (more than a day ahead of this node's clock)");
        }
        GroupConfiguration c = theirs.getConfiguration();
        GroupConfiguration mine = ours.getConfiguration();
        for (String g : GroupRules.nameProblems(c.getGroup())) {
            p.add("group name " + Inputs.quote(c.getGroup()) + ": " + g);
        }
        for (String g : GroupRules.descriptionProblems(c.getDescription())) {
            p.add("description: " + g);
        }
        if (!c.getNodesList().equals(mine.getNodesList())) {
            p.add("nodes " + quoted(c.getNodesList()) + " are not this group's nodes " + mine.getNodesList());
        }
        UserAssignmentMode mode = c.getUserAssignmentMode();
        if (mode == UserAssignmentMode.UNRECOGNIZED || mode == UserAssignmentMode.USER_ASSIGNMENT_MODE_UNSPECIFIED) {
            p.add("user assignment mode " + c.getUserAssignmentModeValue() + " is not BALANCED, ACTIVE_STANDBY or NONE");
        }
        ServiceParameters sp = c.getParameters();
        SrmParameters params = new SrmParameters(sp.getHeartbeatIntervalMs(), sp.getHeartbeatTimeoutMs(),
                sp.getInitializationHeartbeatTimeoutMs(), sp.getCriticalServiceDownDelayMs(),
                sp.getAutomaticFallbackEnabled(), sp.getAutomaticFallbackDelayMs(), sp.getXcpAuthenticationMonitored(),
                sp.getReloginLowerLimitMs(), sp.getReloginUpperLimitMs());
        for (String pr : params.problems()) {
            p.add("parameters: " + pr);
        }
        return p;
    }

    /** Problems with users the peer replicates: well-formed ids, home and serving nodes of this group (or none), a version not negative. */
    public static List<String> userProblems(List<StoredUser> users, List<String> groupNodes) {
        List<String> p = new ArrayList<>();
        for (StoredUser u : users) {
            String id = u.getUserId();
            if (id.isEmpty() || id.length() > MessageLimits.NAME_CHARS || !Inputs.USER_ID.matcher(id).matches()) {
                p.add("user id " + Inputs.quote(id) + " is not well-formed");
            }
            for (String n : List.of(u.getHomeNode(), u.getServingNode())) {
                if (!n.isEmpty() && !groupNodes.contains(n)) {
                    p.add("user " + Inputs.quote(id) + " names node " + Inputs.quote(n) + ", which is not in the group");
                }
            }
            if (u.getVersion() < 0) {
                p.add("user " + Inputs.quote(id) + " has a negative version " + u.getVersion());
            }
            if (p.size() >= 5) {
                p.add("(further problems not listed)");
                break;
            }
        }
        return p;
    }

    /**
     * Problems with one replicated store change: user ids well-formed, nodes of this group,
     * a known assignment mode, a secret hash in the stored form.
     */
    public static List<String> changeProblems(dev.tandem.proto.peer.v1.StoreChange c, List<String> groupNodes) {
        return switch (c.getChangeCase()) {
            case ADDED -> userProblems(c.getAdded().getUsersList(), groupNodes);
            case PLACED -> {
                List<String> p = new ArrayList<>(userProblems(c.getPlaced().getUsersList(), groupNodes));
                if (!List.of("BALANCED", "ACTIVE_STANDBY", "NONE").contains(c.getPlaced().getMode())) {
                    p.add("assignment mode " + Inputs.quote(c.getPlaced().getMode()) + " is not BALANCED, ACTIVE_STANDBY or NONE");
                }
                yield p;
            }
            case MOVED -> {
                List<String> p = new ArrayList<>(userProblems(c.getMoved().getUsersList(), groupNodes));
                p.addAll(nodeProblems(c.getMoved().getByNode(), groupNodes));
                yield p;
            }
            case REMOVED -> removalProblems(c.getRemoved());
            case ROSTER -> {
                List<String> p = new ArrayList<>(idProblems(c.getRoster().getWatcher()));
                p.addAll(idProblems(c.getRoster().getTarget()));
                yield p;
            }
            case SECRET -> {
                List<String> p = new ArrayList<>(idProblems(c.getSecret().getUserId()));
                String h = c.getSecret().getHash();
                if (h.length() > 200 || !h.startsWith("pbkdf2-sha256$")) {
                    p.add("secret hash of " + Inputs.quote(c.getSecret().getUserId()) + " is not in the stored form");
                }
                yield p;
            }
            case CHANGE_NOT_SET -> List.of("empty store change");
        };
    }

    /** A removal (replicated, or a tombstone of a fetched store): a well-formed id, a version not negative. */
    public static List<String> removalProblems(dev.tandem.proto.peer.v1.UserRemoved r) {
        List<String> p = new ArrayList<>(idProblems(r.getUserId()));
        if (r.getVersion() < 0) {
            p.add("removal of " + Inputs.quote(r.getUserId()) + " has a negative version " + r.getVersion());
        }
        return p;
    }

    private static List<String> idProblems(String id) {
        return id.isEmpty() || id.length() > MessageLimits.NAME_CHARS || !Inputs.USER_ID.matcher(id).matches()
                ? List.of("user id " + Inputs.quote(id) + " is not well-formed") : List.of();
    }

    /** A node name the peer sent must be one of the group's. */
    public static List<String> nodeProblems(String node, List<String> groupNodes) {
        return groupNodes.contains(node) ? List.of() : List.of("node " + Inputs.quote(node) + " is not in the group");
    }

    private static String quoted(List<String> names) {
        return names.stream().limit(4).map(Inputs::quote).toList() + (names.size() > 4 ? " (" + names.size() + " names)" : "");
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
