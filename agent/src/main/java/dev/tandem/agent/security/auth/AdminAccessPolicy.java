package dev.tandem.agent.security.auth;

import dev.tandem.agent.security.pki.Role;
import dev.tandem.agent.security.tls.CertificateIdentity;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin port's role table (docs/security.md): viewer reads and watches; operator also
 * acts (failover, fallback, recovery, services, database, users); admin also configures
 * (group, HA on/off, parameters, assignment mode). Health checks are open to probes. A method
 * missing from the table is refused to everyone, so a new RPC is closed until it is listed.
 */
public final class AdminAccessPolicy implements AccessPolicy {
    /** Methods anyone may call, without a certificate: liveness probes. */
    public static final Set<String> OPEN = Set.of("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch");

    private static final Map<String, Role> TABLE = build();

    private static Map<String, Role> build() {
        Map<String, Role> t = new LinkedHashMap<>();
        put(t, Role.VIEWER, AdminServiceGrpc.getGetGroupStatusMethod(), AdminServiceGrpc.getWatchGroupStatusMethod(),
                AdminServiceGrpc.getWatchCountersMethod(), AdminServiceGrpc.getWatchEventsMethod(),
                AdminServiceGrpc.getGetStateMatrixMethod(), AdminServiceGrpc.getGetConfigurationMethod(),
                // pre-flight and what-if only read: they change nothing on the pair
                AdminServiceGrpc.getCheckActionMethod(), AdminServiceGrpc.getSimulateMethod(),
                // the node's own alerts and counter history (issue 13)
                AdminServiceGrpc.getListAlertsMethod(), AdminServiceGrpc.getWatchAlertsMethod(),
                AdminServiceGrpc.getGetCounterHistoryMethod(),
                // the user list only reads (issue 15)
                AdminServiceGrpc.getListUsersMethod());
        put(t, Role.OPERATOR, AdminServiceGrpc.getFailoverMethod(), AdminServiceGrpc.getFallbackMethod(),
                AdminServiceGrpc.getRecoverMethod(), AdminServiceGrpc.getStartCriticalServiceMethod(),
                AdminServiceGrpc.getStopCriticalServiceMethod(), AdminServiceGrpc.getFailDatabaseMethod(),
                AdminServiceGrpc.getRestoreDatabaseMethod(), AdminServiceGrpc.getAddUsersMethod(),
                AdminServiceGrpc.getRemoveUsersMethod(),
                // an acknowledgement is shared by every console: who did it is recorded and audited
                AdminServiceGrpc.getAcknowledgeAlertMethod());
        put(t, Role.ADMIN, AdminServiceGrpc.getUpdateGroupMethod(), AdminServiceGrpc.getSetParametersMethod(),
                AdminServiceGrpc.getSetUserAssignmentModeMethod(), AdminServiceGrpc.getSetMaintenanceModeMethod());
        // server reflection only describes the API (the same protos are public): a viewer may use it
        t.put("grpc.reflection.v1.ServerReflection/ServerReflectionInfo", Role.VIEWER);
        t.put("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", Role.VIEWER);
        return Collections.unmodifiableMap(t);
    }

    private static void put(Map<String, Role> t, Role r, MethodDescriptor<?, ?>... methods) {
        for (MethodDescriptor<?, ?> m : methods) {
            t.put(m.getFullMethodName(), r);
        }
    }

    /** The role a method needs; empty for open methods and for methods not in the table. */
    public static Optional<Role> required(String fullMethodName) {
        return Optional.ofNullable(TABLE.get(fullMethodName));
    }

    /** Every listed method with the role it needs (tests check it covers the whole AdminService). */
    public static Map<String, Role> table() {
        return TABLE;
    }

    @Override
    public Status decide(String method, Optional<CertificateIdentity> identity) {
        if (OPEN.contains(method)) {
            return Status.OK;
        }
        Role needed = TABLE.get(method);
        if (needed == null) {
            return Status.PERMISSION_DENIED.withDescription(method + " is not in the admin role table");
        }
        if (identity.isEmpty()) {
            return Status.UNAUTHENTICATED.withDescription(
                    "the admin API needs a client certificate of the group CA (tandem-agent init-pki)");
        }
        CertificateIdentity id = identity.get();
        if (!id.role().allows(needed)) {
            return Status.PERMISSION_DENIED.withDescription(method.substring(method.indexOf('/') + 1)
                    + " needs role " + needed.ou() + "; " + id.name() + " has role " + id.role().ou());
        }
        return Status.OK;
    }
}
