package dev.tandem.agent.runtime;

import com.google.protobuf.Timestamp;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.ha.v1.StateKind;
import dev.tandem.proto.peer.v1.SrmStatus;

/** Conversions between the core's types and the wire's. Enum numbers are the guide's ids. */
public final class Protos {
    private Protos() {
    }

    public static Timestamp ts(long ms) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(ms, 1000)).setNanos((int) Math.floorMod(ms, 1000) * 1_000_000).build();
    }

    public static long ms(Timestamp t) {
        return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
    }

    public static dev.tandem.proto.ha.v1.NodeState state(NodeState s) {
        return s == null ? dev.tandem.proto.ha.v1.NodeState.NODE_STATE_UNSPECIFIED
                : dev.tandem.proto.ha.v1.NodeState.forNumber(s.id());
    }

    public static NodeState state(dev.tandem.proto.ha.v1.NodeState s) {
        return s == null || s.getNumber() <= 0 ? null : NodeState.ofId(s.getNumber());
    }

    public static dev.tandem.proto.ha.v1.Reason reason(Reason r) {
        return r == null ? dev.tandem.proto.ha.v1.Reason.REASON_UNSPECIFIED : dev.tandem.proto.ha.v1.Reason.forNumber(r.id());
    }

    public static Reason reason(dev.tandem.proto.ha.v1.Reason r) {
        return r == null || r.getNumber() <= 0 ? null : Reason.ofId(r.getNumber());
    }

    public static StateKind kind(NodeState s) {
        return switch (s.kind()) {
            case STABLE -> StateKind.STABLE;
            case TRANSITIONAL -> StateKind.TRANSITIONAL;
            case ERROR -> StateKind.ERROR;
        };
    }

    public static Action action(AdminAction a) {
        return switch (a) {
            case FAILOVER -> Action.FAILOVER;
            case FALLBACK -> Action.FALLBACK;
            case RECOVERY -> Action.RECOVERY;
        };
    }

    public static SrmStatus status(PeerStatus p) {
        return SrmStatus.newBuilder().setNode(p.node()).setState(state(p.state())).setReason(reason(p.reason()))
                .setHaEnabled(p.haEnabled()).setParametersFingerprint(p.parametersFingerprint())
                .setCriticalServicesUp(p.criticalServicesUp()).setDatabaseUp(p.databaseUp())
                .setResumeState(state(p.resumeState()))
                .setIncarnation(p.incarnation()).setPeerIncarnationSeen(p.peerIncarnationSeen())
                .setServesPeerUsers(p.servesPeerUsers()).build();
    }

    public static PeerStatus status(SrmStatus s) {
        return new PeerStatus(s.getNode(), state(s.getState()), reason(s.getReason()), s.getHaEnabled(),
                s.getParametersFingerprint(), s.getCriticalServicesUp(), s.getDatabaseUp(), state(s.getResumeState()),
                s.getIncarnation(), s.getPeerIncarnationSeen(), s.getServesPeerUsers());
    }

    public static ServiceParameters parameters(SrmParameters p, int servicePort, int adminPort) {
        return ServiceParameters.newBuilder()
                .setHeartbeatIntervalMs(p.heartbeatIntervalMs())
                .setHeartbeatTimeoutMs(p.heartbeatTimeoutMs())
                .setInitializationHeartbeatTimeoutMs(p.initializationHeartbeatTimeoutMs())
                .setCriticalServiceDownDelayMs(p.criticalServiceDownDelayMs())
                .setAutomaticFallbackEnabled(p.automaticFallbackEnabled())
                .setAutomaticFallbackDelayMs(p.automaticFallbackDelayMs())
                .setXcpAuthenticationMonitored(p.xcpAuthenticationMonitored())
                .setReloginLowerLimitMs(p.reloginLowerLimitMs())
                .setReloginUpperLimitMs(p.reloginUpperLimitMs())
                .setServicePort(servicePort)
                .setAdminPort(adminPort)
                .build();
    }

    public static SrmParameters parameters(ServiceParameters p) {
        return new SrmParameters(p.getHeartbeatIntervalMs(), p.getHeartbeatTimeoutMs(),
                p.getInitializationHeartbeatTimeoutMs(), p.getCriticalServiceDownDelayMs(),
                p.getAutomaticFallbackEnabled(), p.getAutomaticFallbackDelayMs(), p.getXcpAuthenticationMonitored(),
                p.getReloginLowerLimitMs(), p.getReloginUpperLimitMs());
    }
}
