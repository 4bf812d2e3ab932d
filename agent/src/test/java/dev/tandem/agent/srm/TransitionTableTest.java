package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every pair of states checked against a table written here, apart from {@link Transitions}
 * (as Apache Ratis's TestLifeCycle does): changing the allowed transitions means changing
 * both, on purpose. Read as "from: the states that may follow".
 */
class TransitionTableTest {
    private static final Map<NodeState, Set<NodeState>> EXPECTED = new EnumMap<>(NodeState.class);

    static {
        expect(INITIALIZING, IDLE, NORMAL, RUNNING_IN_BACKUP_MODE, TAKING_OVER, FAILING_OVER, FAILED_OVER,
                FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, FALLING_BACK, TAKING_BACK, RUNNING_IN_FAILED_MODE,
                UNKNOWN, BACKUP_ACTIVATED, FAILOVER_AFFECTED_SERVICES);
        expect(IDLE, INITIALIZING, TAKING_BACK, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(NORMAL, INITIALIZING, TAKING_OVER, FAILING_OVER, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(RUNNING_IN_BACKUP_MODE, INITIALIZING, FALLING_BACK, RUNNING_IN_FAILED_MODE, UNKNOWN,
                FAILOVER_AFFECTED_SERVICES);
        expect(TAKING_OVER, INITIALIZING, RUNNING_IN_BACKUP_MODE, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(FAILING_OVER, INITIALIZING, IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(FAILED_OVER, INITIALIZING, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, TAKING_BACK,
                RUNNING_IN_FAILED_MODE, UNKNOWN, BACKUP_ACTIVATED);
        expect(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, INITIALIZING, FAILED_OVER, RUNNING_IN_FAILED_MODE,
                UNKNOWN);
        expect(FALLING_BACK, INITIALIZING, NORMAL, TAKING_OVER, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(TAKING_BACK, INITIALIZING, NORMAL, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(RUNNING_IN_FAILED_MODE, INITIALIZING, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(UNKNOWN, INITIALIZING, RUNNING_IN_FAILED_MODE);
        expect(BACKUP_ACTIVATED, INITIALIZING, FALLING_BACK, RUNNING_IN_FAILED_MODE, UNKNOWN);
        expect(FAILOVER_AFFECTED_SERVICES, INITIALIZING, TAKING_BACK, RUNNING_IN_FAILED_MODE, UNKNOWN);
    }

    private static void expect(NodeState from, NodeState... to) {
        EXPECTED.put(from, EnumSet.of(to[0], to));
    }

    @Test
    void theExpectedTableCoversEveryState() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(NodeState.values());
    }

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        for (NodeState from : NodeState.values()) {
            for (NodeState to : NodeState.values()) {
                assertThat(Transitions.isAllowed(from, to)).as(from + " -> " + to)
                        .isEqualTo(EXPECTED.get(from).contains(to));
            }
            assertThat(Transitions.allowedFrom(from)).as("from " + from).isEqualTo(EXPECTED.get(from));
        }
    }

    @Test
    void fallingBackNeverGoesStraightToIdleOrFailedOver() {
        assertThat(Transitions.isAllowed(FALLING_BACK, IDLE)).isFalse();
        assertThat(Transitions.isAllowed(FALLING_BACK, FAILED_OVER)).isFalse();
    }

    @Test
    void theAllowedSetCannotBeChangedFromOutside() {
        assertThatThrownBy(() -> Transitions.allowedFrom(NORMAL).add(IDLE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Transitions.isAllowed(NORMAL, IDLE)).isFalse();
    }

    @Test
    void anIllegalTransitionNamesWhatIsAllowed() {
        assertThat(new IllegalTransitionException(FALLING_BACK, IDLE, "test").getMessage())
                .isEqualTo("illegal SRM transition Falling Back -> Idle on test (allowed from Falling Back: "
                        + Transitions.allowedFrom(FALLING_BACK) + ")");
    }
}
