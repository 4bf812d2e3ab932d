package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import java.util.Optional;

/** Applies one injected fault to the virtual pair, as the real pair would meet it. */
final class WhatIfFaults {
    /** Who asks a simulated manual action, in the SRM's sentences. */
    static final String ACTOR = "an administrator (what-if)";

    private WhatIfFaults() {
    }

    /** @return why the fault changed nothing (a refused action, a dead node), or empty */
    static Optional<String> apply(VirtualPair pair, WhatIfFault f) {
        VirtualNode n = f.node() == null ? null : pair.node(f.node());
        if (n != null && !n.alive() && f.kind() != WhatIfFault.Kind.NODE_RESTARTED
                && f.kind() != WhatIfFault.Kind.DATABASE_FAILURE && f.kind() != WhatIfFault.Kind.DATABASE_RESTORED) {
            return Optional.of(f.describe() + ": " + n.name() + " is not running, nothing happens");
        }
        switch (f.kind()) {
            case NODE_LOST -> pair.kill(n);
            case ANNOUNCED_SHUTDOWN -> pair.stopOrderly(n);
            case CRITICAL_SERVICE_DOWN -> pair.serviceDown(n, f.service());
            case CRITICAL_SERVICE_UP -> pair.serviceUp(n, f.service());
            case DATABASE_FAILURE -> pair.databaseDown(n);
            case DATABASE_RESTORED -> pair.databaseUp(n);
            case PARTITION -> pair.partition(true);
            case PARTITION_HEALED -> pair.partition(false);
            case MANUAL_FAILOVER -> {
                return refusal(f, pair.admin(n, AdminAction.FAILOVER, ACTOR));
            }
            case MANUAL_FALLBACK -> {
                return refusal(f, pair.admin(n, AdminAction.FALLBACK, ACTOR));
            }
            case MANUAL_RECOVERY -> {
                return refusal(f, pair.admin(n, AdminAction.RECOVERY, ACTOR));
            }
            case HA_OFF -> {
                for (VirtualNode v : new VirtualNode[] {pair.n1(), pair.n2()}) {
                    v.setHaEnabled(false);
                    if (v.alive()) {
                        v.handle(new SrmEvent.HaEnabledChanged(false));
                    }
                }
            }
            case PARAMETERS_DIFFER -> {
                SrmParameters p = n.srm().parameters();
                // one cluster-wide value that is always in range either way: the critical-service-down delay
                long delay = p.criticalServiceDownDelayMs();
                SrmParameters other = p.withCriticalServiceDownDelay(delay > 10_000 ? delay - 1_000 : delay + 1_000);
                n.setParameters(other);
                n.handle(new SrmEvent.ParametersChanged(other));
            }
            case NODE_RESTARTED -> {
                if (n.alive()) {
                    return Optional.of(f.describe() + ": " + n.name() + " is running already, nothing happens");
                }
                pair.start(n);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(WhatIfFault f, Decision d) {
        return d.isRefused() ? Optional.of(f.describe() + ": refused, " + d.refusal()) : Optional.empty();
    }
}
