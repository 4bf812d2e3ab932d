package dev.tandem.agent.whatif;

import dev.tandem.agent.matrix.MatrixMatch;
import dev.tandem.agent.srm.PeerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The matrix rows a virtual pair passes through, as the asking agent would report them: its
 * own state and its view of the peer (the survivor's view once it is down). Records a row
 * each time the match or either state changes.
 */
final class RowTrail {
    private final VirtualPair pair;
    private final String reporter;
    private final long originMs;
    private final List<WhatIfOutcome.Row> rows = new ArrayList<>();

    RowTrail(VirtualPair pair, String reporter, long originMs) {
        this.pair = pair;
        this.reporter = reporter;
        this.originMs = originMs;
    }

    /** Looks at the pair now; call after every step. */
    void look() {
        WhatIfOutcome.Row now = current(pair.now() - originMs);
        WhatIfOutcome.Row last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        if (last == null || !last.row().equals(now.row()) || !last.node1State().equals(now.node1State())
                || !last.node2State().equals(now.node2State())) {
            rows.add(now);
        }
    }

    List<WhatIfOutcome.Row> rows() {
        return rows;
    }

    String currentRow() {
        return current(0).row();
    }

    private WhatIfOutcome.Row current(long atMs) {
        VirtualNode seer = observer();
        if (seer == null) {
            return new WhatIfOutcome.Row(atMs, "", "—", "—");
        }
        Optional<MatrixMatch> m = pair.rowSeenBy(seer);
        return new WhatIfOutcome.Row(atMs, m.map(x -> x.row().id()).orElse(""), seen(seer, pair.n1()),
                seen(seer, pair.n2()));
    }

    private VirtualNode observer() {
        VirtualNode r = pair.node(reporter);
        if (r.alive()) {
            return r;
        }
        VirtualNode other = pair.peerOf(r);
        return other.alive() ? other : null;
    }

    private static String seen(VirtualNode seer, VirtualNode n) {
        if (seer == n) {
            return n.srm().state().label() + " / " + n.srm().reason().label();
        }
        PeerStatus p = seer.srm().peer();
        return p == null ? "—" : p.state().label() + " / " + p.reason().label();
    }
}
