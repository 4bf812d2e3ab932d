package dev.tandem.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tandem.console.util.StateIcon;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.ha.v1.NodeState;
import org.junit.jupiter.api.Test;

class TimelineStoreTest {
    private static HaEvent change(long at, NodeState from, NodeState to, String trigger) {
        return HaEvent.newBuilder().setNode("a").setKind(EventKind.STATE_CHANGE).setFromState(from).setToState(to)
                .setTrigger(trigger).setAt(Timestamp.newBuilder().setSeconds(at / 1000)).build();
    }

    @Test
    void theBandStartsAtTheNodesStartNotBeforeIt() {
        TimelineStore t = new TimelineStore();
        t.onEvent(change(100_000, NodeState.INITIALIZING, NodeState.INITIALIZING, "Started"));
        t.onEvent(change(101_000, NodeState.INITIALIZING, NodeState.NORMAL, "Initialization"));
        assertThat(t.spans("a", 0, 200_000)).first().extracting(TimelineStore.Span::from).isEqualTo(100_000L);
        assertThat(t.spans("a", 0, 200_000)).last().extracting(TimelineStore.Span::icon).isEqualTo(StateIcon.NORMAL);
    }

    @Test
    void withPrunedHistoryTheStateBeforeTheOldestEventIsKept() {
        TimelineStore t = new TimelineStore();
        t.onEvent(change(100_000, NodeState.NORMAL, NodeState.FAILING_OVER, "AdminFailover"));
        assertThat(t.spans("a", 0, 200_000)).first().extracting(TimelineStore.Span::icon).isEqualTo(StateIcon.NORMAL);
    }
}
