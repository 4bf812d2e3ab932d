package dev.tandem.agent.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The matrix rows never overlap: over every pair of node views the matrix can see (each
 * node unreachable, or reachable in any state with any reason), at most one row matches,
 * and it names node 1 unambiguously. Also: every row is reachable, and match finds it.
 */
class StateMatrixOverlapTest {

    private static List<NodeView> views(String node) {
        List<NodeView> all = new ArrayList<>();
        all.add(NodeView.unreachable(node));
        for (NodeState s : NodeState.values()) {
            for (Reason r : Reason.values()) {
                all.add(NodeView.of(node, s, r));
            }
        }
        return all;
    }

    @Test
    void atMostOneRowMatchesAnyPairOfViews() {
        Set<String> reached = new HashSet<>();
        int pairs = 0;
        for (NodeView a : views("a")) {
            for (NodeView b : views("b")) {
                pairs++;
                List<MatrixRow> matching = new ArrayList<>();
                MatrixRow fallback = null;
                for (MatrixRow r : StateMatrix.rows()) {
                    boolean ab = r.node1().matches(a) && r.node2().matches(b);
                    boolean ba = r.node1().matches(b) && r.node2().matches(a);
                    if (ab && ba && !StateMatrix.isFallback(r)) { // a broad row reads true either way round
                        assertThat(r.node1()).as(r.id() + " matches both ways, so node 1 must not matter")
                                .isEqualTo(r.node2());
                    }
                    if ((ab || ba) && StateMatrix.isFallback(r)) {
                        fallback = fallback == null ? r : fallback; // the first broad row in order
                    } else if (ab || ba) {
                        matching.add(r);
                    }
                }
                if (matching.isEmpty() && fallback != null) {
                    matching.add(fallback); // broad rows answer only where no other row does
                }
                assertThat(matching).as(a + " with " + b).hasSizeLessThanOrEqualTo(1);
                Optional<MatrixMatch> m = StateMatrix.match(a, b);
                if (matching.isEmpty()) {
                    assertThat(m).as(a + " with " + b).isEmpty();
                } else {
                    MatrixRow r = matching.get(0);
                    reached.add(r.id());
                    assertThat(m).as(a + " with " + b).isPresent();
                    assertThat(m.get().row()).isEqualTo(r);
                    NodeView one = m.get().node1().equals("a") ? a : b;
                    NodeView two = one == a ? b : a;
                    assertThat(m.get().node2()).isEqualTo(two.node());
                    assertThat(r.node1().matches(one) && r.node2().matches(two)).isTrue();
                }
            }
        }
        assertThat(pairs).isEqualTo(225 * 225); // (14 states x 16 reasons + unreachable) per node
        assertThat(reached).as("every row is reachable").hasSize(StateMatrix.rows().size());
    }

    @Test
    void anUnreachableNodeMatchesOnlyTheUnreachablePattern() {
        NodePattern gone = NodePattern.gone();
        assertThat(gone.matches(NodeView.unreachable("a"))).isTrue();
        assertThat(gone.matches(NodeView.of("a", NodeState.NORMAL, Reason.NORMAL))).isFalse();
        NodePattern normal = NodePattern.of(NodeState.NORMAL, Reason.NORMAL);
        assertThat(normal.matches(NodeView.unreachable("a"))).isFalse();
        assertThat(normal.matches(NodeView.of("a", NodeState.NORMAL, Reason.PEER_DOWN))).isFalse();
        assertThat(normal.matches(NodeView.of("a", NodeState.IDLE, Reason.NORMAL))).isFalse();
    }

    @Test
    void cellsReadAsTheGuidePrintsThem() {
        assertThat(NodePattern.gone().label()).isEqualTo("— (unreachable)");
        assertThat(StateMatrix.row("M3").node1().label()).isEqualTo("Idle / On Admin Request");
        assertThat(StateMatrix.row("M11").node1().label()).isEqualTo("Failed Over / Critical Services Down or Initialization");
        assertThat(StateMatrix.row("M18").node1().label())
                .isEqualTo("Failed Over or Failed Over with Critical Services Not Running / Initialization");
    }

    @Test
    void anUnknownRowIsAClearError() {
        assertThatThrownBy(() -> StateMatrix.row("M25")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no matrix row M25");
        assertThat(StateMatrix.row("M24").id()).isEqualTo("M24");
    }

    @Test
    void rowsAndTheirActionsCannotBeChanged() {
        assertThatThrownBy(() -> StateMatrix.rows().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> StateMatrix.row("M12").actions().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(StateMatrix.row("M1").actions()).isEmpty();
    }
}
