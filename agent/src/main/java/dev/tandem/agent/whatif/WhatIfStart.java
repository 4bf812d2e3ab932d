package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import java.util.Set;

/**
 * The copy of a pair a what-if run starts from: what each node's SRM is, its health and its
 * users, and the group's shared settings. Built by the admin API from a status snapshot.
 *
 * @param reporter the node whose agent asks: rows are the ones its agent would report
 */
public record WhatIfStart(SrmParameters parameters, boolean haEnabled, boolean maintenance, String reporter,
                          Node node1, Node node2) {

    /**
     * One node. {@code running = false}: its agent is down or unreachable from the reporter, and
     * the copy starts without it. State and reason are what its SRM persisted.
     *
     * @param homeUsers users assigned to this node (they move when its users move)
     */
    public record Node(String name, boolean running, NodeState state, Reason reason, Set<CriticalService> servicesDown,
                       boolean databaseUp, int homeUsers) {
        public Node {
            servicesDown = Set.copyOf(servicesDown);
        }
    }

    public WhatIfStart {
        if (node1.name().equals(node2.name())) {
            throw new IllegalArgumentException("the two nodes need different names, both are " + node1.name());
        }
        if (!reporter.equals(node1.name()) && !reporter.equals(node2.name())) {
            throw new IllegalArgumentException("reporter " + reporter + " is not a node of the pair");
        }
    }

    public Node node(String name) {
        return node1.name().equals(name) ? node1 : node2.name().equals(name) ? node2 : null;
    }
}
