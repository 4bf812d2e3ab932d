package dev.tandem.agent.srm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Peers compare every cluster-wide value itself (M24), never a hash that can collide. */
class ClusterWideParametersTest {
    private static final SrmParameters D = SrmParameters.defaults();

    @Test
    void valuesThatOnceCollidedDiffer() {
        SrmParameters a = D.withHeartbeat(15_000, 60_000, 120_000);
        SrmParameters b = D.withHeartbeat(15_001, 59_969, 120_000);
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.clusterWide()).isNotEqualTo(b.clusterWide());
    }

    @Test
    void everyClusterWideValueCountsAndTheReloginLimitsDoNot() {
        List<UnaryOperator<SrmParameters>> changes = List.of(
                p -> p.withHeartbeat(p.heartbeatIntervalMs() + 1, p.heartbeatTimeoutMs(), p.initializationHeartbeatTimeoutMs()),
                p -> p.withHeartbeat(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs() + 1, p.initializationHeartbeatTimeoutMs()),
                p -> p.withHeartbeat(p.heartbeatIntervalMs(), p.heartbeatTimeoutMs(), p.initializationHeartbeatTimeoutMs() + 1),
                p -> p.withCriticalServiceDownDelay(p.criticalServiceDownDelayMs() + 1),
                p -> p.withAutomaticFallback(!p.automaticFallbackEnabled(), p.automaticFallbackDelayMs()),
                p -> p.withAutomaticFallback(p.automaticFallbackEnabled(), p.automaticFallbackDelayMs() + 1),
                p -> p.withXcpAuthenticationMonitored(!p.xcpAuthenticationMonitored()));
        for (UnaryOperator<SrmParameters> change : changes) {
            SrmParameters changed = change.apply(D);
            assertThat(changed.fingerprint()).as(changed.toString()).isNotEqualTo(D.fingerprint());
            assertThat(D.clusterWide().differencesFrom(changed.fingerprint())).as(changed.toString()).hasSize(1);
        }
        assertThat(D.withRelogin(1, 2).fingerprint()).isEqualTo(D.fingerprint());
        assertThat(D.withRelogin(1, 2).clusterWide()).isEqualTo(D.clusterWide());
    }

    @Test
    void theCanonicalFormSpellsOutEveryValue() {
        assertThat(D.fingerprint()).isEqualTo("heartbeatIntervalMs=15000;heartbeatTimeoutMs=60000;"
                + "initializationHeartbeatTimeoutMs=120000;criticalServiceDownDelayMs=90000;"
                + "automaticFallbackEnabled=false;automaticFallbackDelayMs=1800000;xcpAuthenticationMonitored=false");
        assertThat(D.clusterWide().differencesFrom(D.fingerprint())).isEmpty();
    }

    @Test
    void differencesNameTheValueOnBothSides() {
        SrmParameters peer = D.withHeartbeat(15_000, 61_000, 120_000);
        assertThat(D.clusterWide().differencesFrom(peer.fingerprint()))
                .containsExactly("heartbeatTimeoutMs 60000 here, 61000 there");
    }

    @Test
    void aStringThatIsNotCanonicalIsADifference() {
        ClusterWideParameters c = D.clusterWide();
        assertThat(c.differencesFrom("1a2b3c")).singleElement().asString().contains("cannot read");
        assertThat(c.differencesFrom("")).singleElement().asString().contains("cannot read");
        assertThat(c.differencesFrom(null)).singleElement().asString().contains("cannot read");
        assertThat(c.differencesFrom("=5")).singleElement().asString().contains("cannot read");
        assertThat(c.differencesFrom(D.fingerprint().replace(";xcpAuthenticationMonitored=false", "")))
                .containsExactly("xcpAuthenticationMonitored false here, missing there");
        assertThat(c.differencesFrom(D.fingerprint() + ";newValue=1")).singleElement().asString()
                .contains("does not know");
    }

    @Test
    void peersWithDifferentHeartbeatTimeoutsDisagree() {
        ServerRecoveryManager srm = new ServerRecoveryManager("n1", D, true, true);
        srm.handle(new SrmEvent.Started(null, 7, true, false), 0);
        PeerStatus peer = new PeerStatus("n2", NodeState.INITIALIZING, Reason.INITIALIZATION, true,
                D.withHeartbeat(15_000, 61_000, 120_000).fingerprint(), true, true, null, 9, 7, false);
        srm.handle(new SrmEvent.HeartbeatReceived(peer), 10);
        assertThat(srm.state()).isEqualTo(NodeState.UNKNOWN);
        assertThat(srm.configProblem()).isEqualTo("service parameters differ between n1 and n2: "
                + "heartbeatTimeoutMs 60000 here, 61000 there");
    }
}
