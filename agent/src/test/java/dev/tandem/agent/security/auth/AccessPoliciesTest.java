package dev.tandem.agent.security.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.security.pki.Role;
import dev.tandem.agent.security.tls.CertificateIdentity;
import io.grpc.Status;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The role table checked against one written here, separately: a change must change both, on purpose. */
class AccessPoliciesTest {
    private static final String S = "tandem.admin.v1.AdminService/";
    private static final Map<String, Role> EXPECTED = Map.ofEntries(
            Map.entry("GetGroupStatus", Role.VIEWER), Map.entry("WatchGroupStatus", Role.VIEWER),
            Map.entry("WatchCounters", Role.VIEWER), Map.entry("WatchEvents", Role.VIEWER),
            Map.entry("GetStateMatrix", Role.VIEWER), Map.entry("GetConfiguration", Role.VIEWER),
            Map.entry("Failover", Role.OPERATOR), Map.entry("Fallback", Role.OPERATOR), Map.entry("Recover", Role.OPERATOR),
            Map.entry("StartCriticalService", Role.OPERATOR), Map.entry("StopCriticalService", Role.OPERATOR),
            Map.entry("FailDatabase", Role.OPERATOR), Map.entry("RestoreDatabase", Role.OPERATOR),
            Map.entry("AddUsers", Role.OPERATOR), Map.entry("RemoveUsers", Role.OPERATOR),
            Map.entry("UpdateGroup", Role.ADMIN), Map.entry("SetParameters", Role.ADMIN),
            Map.entry("SetUserAssignmentMode", Role.ADMIN), Map.entry("SetMaintenanceMode", Role.ADMIN),
            Map.entry("CheckAction", Role.VIEWER), Map.entry("Simulate", Role.VIEWER),
            Map.entry("ListAlerts", Role.VIEWER), Map.entry("WatchAlerts", Role.VIEWER),
            Map.entry("GetCounterHistory", Role.VIEWER), Map.entry("AcknowledgeAlert", Role.OPERATOR),
            Map.entry("ListUsers", Role.VIEWER));

    private static Optional<CertificateIdentity> as(String name, Role r) {
        return Optional.of(new CertificateIdentity(name, r));
    }

    @Test
    void roleTableIsTheDocumentedOne() {
        EXPECTED.forEach((m, r) -> assertThat(AdminAccessPolicy.required(S + m)).as(m).contains(r));
        long adminMethods = AdminAccessPolicy.table().keySet().stream().filter(k -> k.startsWith(S)).count();
        assertThat(adminMethods).isEqualTo(EXPECTED.size());
    }

    @Test
    void eachRoleMayExactlyWhatItsTableRowSays() {
        AdminAccessPolicy p = new AdminAccessPolicy();
        for (var e : EXPECTED.entrySet()) {
            for (Role r : Role.values()) {
                Status.Code got = p.decide(S + e.getKey(), as("x", r)).getCode();
                boolean allowed = r != Role.NODE && r.ordinal() >= e.getValue().ordinal();
                assertThat(got).as(r + " " + e.getKey()).isEqualTo(allowed ? Status.Code.OK : Status.Code.PERMISSION_DENIED);
            }
            assertThat(p.decide(S + e.getKey(), Optional.empty()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
    }

    @Test
    void healthIsOpenAndUnknownMethodsAreClosed() {
        AdminAccessPolicy p = new AdminAccessPolicy();
        assertThat(p.decide("grpc.health.v1.Health/Check", Optional.empty()).isOk()).isTrue();
        assertThat(p.decide(S + "DropEverything", as("root", Role.ADMIN)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void peerPortAcceptsOnlyThePeerNodesCertificate() {
        PeerAccessPolicy p = new PeerAccessPolicy("node-b");
        String hb = "tandem.peer.v1.PeerService/Heartbeat";
        assertThat(p.decide(hb, as("node-b", Role.NODE)).isOk()).isTrue();
        assertThat(p.decide(hb, Optional.empty()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(p.decide(hb, as("node-a", Role.NODE)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(p.decide(hb, as("node-b", Role.ADMIN)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
}
