package dev.tandem.console.banner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The banner's sentence and colour from agent data alone (no window). */
class BannerFindingsTest {
    private static final long NOW = System.currentTimeMillis();

    private static List<Finding> findings(GroupStatus s, long dataAge) {
        return BannerFindings.of(new GroupSource(s.getGroup(), s, null, true, NOW - dataAge), NOW);
    }

    @Test
    void normalPairIsGreen() {
        List<Finding> f = findings(Statuses.normalPair(), 100);
        assertThat(f).hasSize(1);
        assertThat(f.get(0).level()).isEqualTo(BannerLevel.OK);
    }

    @Test
    void aPendingAutomaticFailoverIsCriticalWithItsCountdownAlthoughBothNodesAreStillNormal() {
        GroupStatus.Builder b = Statuses.normalPair().toBuilder();
        b.getNodesBuilder(0).addServices(CriticalServiceStatus.newBuilder().setId("SYNC_AGENT")
                .setService("Cisco Sync Agent").setRunning(false))
                .setAutomaticFailoverAt(Statuses.ago(-72_600));
        Finding worst = findings(b.build(), 100).get(0);
        assertThat(worst.level()).isEqualTo(BannerLevel.CRITICAL);
        assertThat(worst.sentence()).isEqualTo("Cisco Sync Agent down on " + Statuses.A
                + " — automatic failover in 1 min 13 s unless it recovers");
    }

    @Test
    void haDisabledIsNeverGreen() {
        Finding worst = findings(Statuses.normalPair().toBuilder().setHaEnabled(false).build(), 100).get(0);
        assertThat(worst.level()).isEqualTo(BannerLevel.WARNING);
        assertThat(worst.sentence()).contains("HA disabled");
    }

    @Test
    void noMatrixRowNamesWhatIsOffered() {
        GroupStatus s = Statuses.failedOver().toBuilder().setMatrix(dev.tandem.proto.admin.v1.MatrixMatch.newBuilder()
                .setMatched(false)).build();
        assertThat(findings(s, 100)).extracting(Finding::sentence)
                .anyMatch(t -> t.contains("no matrix row: Fallback of " + Statuses.A + " offered"));
    }

    @Test
    void oldDataSaysHowOld() {
        assertThat(findings(Statuses.normalPair(), 12_000)).extracting(Finding::sentence)
                .anyMatch(t -> t.contains("data 12 s old"));
        assertThat(findings(Statuses.normalPair(), 12_000).get(0).level()).isNotEqualTo(BannerLevel.OK);
    }

    @Test
    void aFailedOverGroupIsNotGreenAndSaysWhatIsOffered() {
        Finding worst = findings(Statuses.failedOver(), 100).get(0);
        assertThat(worst.level()).isEqualTo(BannerLevel.WARNING);
        assertThat(worst.sentence()).contains("M3").contains("Fallback of " + Statuses.A + " offered");
    }

    @Test
    void maintenanceModeIsNeverGreenAndSaysWhatIsHeld() {
        GroupStatus.Builder b = Statuses.normalPair().toBuilder().setMaintenanceMode(true);
        b.getNodesBuilder(0).addServices(CriticalServiceStatus.newBuilder().setId("SYNC_AGENT")
                .setService("Cisco Sync Agent").setRunning(false));
        List<Finding> f = findings(b.build(), 100);
        assertThat(f.get(0).level()).isEqualTo(BannerLevel.WARNING);
        assertThat(f).extracting(Finding::sentence)
                .anyMatch(t -> t.contains("maintenance mode") && t.contains("held"))
                .anyMatch(t -> t.equals("Cisco Sync Agent down on " + Statuses.A
                        + " — automatic failover held by maintenance mode"));
    }
}
