package dev.tandem.agent.runtime;

import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.Optional;

/**
 * What the admin API and the status reports may read of a node's SRM: who it is, the shared
 * configuration, the core's state and the peer's last heartbeat. Read only: changes go
 * through {@link SrmLoop}'s methods. Unless a method says otherwise, call it on the SRM thread
 * (inside {@link SrmLoop#call}); the implementation checks.
 */
public interface SrmView {
    /** This node's name (any thread). */
    String self();

    /** The peer's name (any thread). */
    String peerName();

    /** The agent's clock, in ms (any thread). */
    long now();

    /** The service port in use (any thread). */
    int servicePort();

    /** The admin port in use (any thread). */
    int adminPort();

    /** host:port of the admin API (any thread). */
    String adminAddress();

    /** The shared configuration in force: group, nodes, HA flag, parameters, assignment mode (any thread). */
    SharedConfig shared();

    NodeState state();

    Reason reason();

    long sinceMs();

    /** The core's sentence: what it did last and why. */
    String sentence();

    SrmParameters parameters();

    boolean haEnabled();

    /** Maintenance mode: the SRM holds its automatic actions. */
    boolean maintenance();

    /** When the core will fail over (or recover) automatically for a service that is down, or -1. */
    long automaticFailoverAtMs();

    /** Why the action is not offered now, or empty when it is. */
    Optional<String> refusal(AdminAction action);

    /** The peer's last status, or null when none was seen. */
    PeerStatus peer();

    boolean peerReachable();

    /** When the last heartbeat arrived, or -1. */
    long lastHeartbeatMs();

    long missedHeartbeats(long atMs);

    long timeoutInForceMs();

    /** A configuration mismatch with the peer (M24), or null. */
    String configProblem();

    /** The peer's last heartbeat while it is reachable, else empty. */
    Optional<HeartbeatMessage> peerMessage();
}
