package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

    private static List<NodeState> realStates() {
        return Arrays.stream(NodeState.values())
                .filter(s -> s != NodeState.UNRECOGNIZED && s != NodeState.NODE_STATE_UNSPECIFIED).toList();
    }

    private static List<Reason> realReasons() {
        return Arrays.stream(Reason.values())
                .filter(r -> r != Reason.UNRECOGNIZED && r != Reason.REASON_UNSPECIFIED).toList();
    }

    @Test
    void everyStateS1ToS14HasItsOwnLabel() {
        List<String> labels = realStates().stream().map(Labels::state).toList();
        assertThat(labels).hasSize(14).doesNotContain(Labels.NONE).doesNotHaveDuplicates();
        assertThat(Labels.state(NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING))
                .isEqualTo("Failed Over with Critical Services Not Running");
        assertThat(Labels.state(NodeState.UNKNOWN_STATE)).isEqualTo("Unknown");
    }

    @Test
    void everyReasonHasItsOwnLabel() {
        List<String> labels = realReasons().stream().map(Labels::reason).toList();
        assertThat(labels).hasSize(16).doesNotContain(Labels.NONE).doesNotHaveDuplicates(); // the guide's 15 and Store Resync Pending (issue 11)
        assertThat(Labels.reason(Reason.PEER_DOWN_DURING_INITIALIZATION)).isEqualTo("Peer Down During Initialization");
    }

    @Test
    void unsetOrUnknownNumbersShowNone() {
        assertThat(Labels.state(NodeState.NODE_STATE_UNSPECIFIED)).isEqualTo(Labels.NONE);
        assertThat(Labels.state(NodeState.UNRECOGNIZED)).isEqualTo(Labels.NONE);
        assertThat(Labels.state(99)).isEqualTo(Labels.NONE);
        assertThat(Labels.reason(0)).isEqualTo(Labels.NONE);
        assertThat(Labels.reason(Reason.UNRECOGNIZED)).isEqualTo(Labels.NONE);
    }

    @Test
    void byNumberMatchesByEnum() {
        realStates().forEach(s -> assertThat(Labels.state(s.getNumber())).isEqualTo(Labels.state(s)));
        realReasons().forEach(r -> assertThat(Labels.reason(r.getNumber())).isEqualTo(Labels.reason(r)));
    }

    @Test
    void alertsByTheVendorsNamesAndSeverities() {
        List<String> names = Arrays.stream(dev.tandem.proto.admin.v1.AlertType.values())
                .filter(a -> a != dev.tandem.proto.admin.v1.AlertType.UNRECOGNIZED
                        && a != dev.tandem.proto.admin.v1.AlertType.ALERT_TYPE_UNSPECIFIED)
                .map(Labels::alert).toList();
        assertThat(names).doesNotContain(Labels.NONE).doesNotHaveDuplicates().contains("SRMFailover", "PeerRoundTrip");
        assertThat(Labels.severity(dev.tandem.proto.admin.v1.AlertSeverity.ALERT_SEVERITY_CRITICAL)).isEqualTo("Critical");
        assertThat(Labels.severity(dev.tandem.proto.admin.v1.AlertSeverity.ALERT_SEVERITY_UNSPECIFIED))
                .isEqualTo(Labels.NONE);
    }

    @org.junit.jupiter.api.Test
    void everyWhatIfFaultHasItsOwnWords() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (dev.tandem.proto.admin.v1.FaultKind k : dev.tandem.proto.admin.v1.FaultKind.values()) {
            if (k == dev.tandem.proto.admin.v1.FaultKind.FAULT_KIND_UNSPECIFIED
                    || k == dev.tandem.proto.admin.v1.FaultKind.UNRECOGNIZED) {
                org.assertj.core.api.Assertions.assertThat(Labels.faultKind(k)).isEqualTo(Labels.NONE);
            } else {
                org.assertj.core.api.Assertions.assertThat(seen.add(Labels.faultKind(k))).as(k.name()).isTrue();
            }
        }
    }
}
