package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrmParameterTest {

    @Test
    void theGuidesDefaults() {
        assertThat(SrmParameter.HEARTBEAT_INTERVAL.defaultMs()).isEqualTo(15_000);
        assertThat(SrmParameter.HEARTBEAT_TIMEOUT.defaultMs()).isEqualTo(60_000);
        assertThat(SrmParameter.INITIALIZATION_HEARTBEAT_TIMEOUT.defaultMs()).isEqualTo(120_000);
        assertThat(SrmParameter.CRITICAL_SERVICE_DOWN_DELAY.defaultMs()).isEqualTo(90_000);
        assertThat(SrmParameter.AUTOMATIC_FALLBACK_DELAY.defaultMs()).isEqualTo(1_800_000);
        assertThat(SrmParameter.RELOGIN_LOWER_LIMIT.defaultMs()).isEqualTo(120_000);
        assertThat(SrmParameter.RELOGIN_UPPER_LIMIT.defaultMs()).isEqualTo(537_000);
        assertThat(SrmParameter.AUTOMATIC_FALLBACK_ENABLED_DEFAULT).isFalse();
    }

    @Test
    void everyDefaultIsInItsRangeAndAWholeNumberOfItsUnit() {
        for (SrmParameter p : SrmParameter.values()) {
            assertThat(p.allows(p.defaultMs())).as(p.name()).isTrue();
            assertThat(p.minMs()).as(p.name()).isLessThanOrEqualTo(p.maxMs());
            assertThat(p.defaultMs() % p.unit().millis()).as(p.name()).isZero();
        }
    }

    @Test
    void onlyTheReloginLimitsArePerNode() {
        for (SrmParameter p : SrmParameter.values()) {
            boolean perNode = p == SrmParameter.RELOGIN_LOWER_LIMIT || p == SrmParameter.RELOGIN_UPPER_LIMIT;
            assertThat(p.clusterWide()).as(p.name()).isEqualTo(!perNode);
        }
    }

    @Test
    void rangeEdgesAreInclusiveAndTheProblemSaysValueAndRange() {
        SrmParameter p = SrmParameter.HEARTBEAT_INTERVAL;
        assertThat(p.problem(10)).isEmpty();
        assertThat(p.problem(300_000)).isEmpty();
        assertThat(p.problem(9)).contains("heartbeat interval is 9 ms; allowed 10..300000 ms");
        assertThat(p.problem(300_001)).isPresent();
    }
}
