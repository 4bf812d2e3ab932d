package dev.tandem.agent.srm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's own critical services and database as the SRM knows them, and whether the SRM
 * itself stopped the services (manual failover) or is starting them (fallback, recovery).
 */
final class OwnHealth {
    private final NodeSetup setup;
    private final Map<CriticalService, Long> downSince = new EnumMap<>(CriticalService.class);
    private boolean databaseUp = true;
    /** The SRM stopped the services on purpose: they are down, but that is no failure. */
    private boolean stoppedBySrm;
    /** The SRM asked for the services to start and waits for the answer. */
    private boolean starting;

    OwnHealth(NodeSetup setup) {
        this.setup = setup;
    }

    /** Records a service going down; false when it was already down. */
    boolean serviceDown(CriticalService s, long now) {
        if (downSince.containsKey(s)) {
            return false;
        }
        downSince.put(s, now);
        return true;
    }

    void serviceUp(CriticalService s) {
        downSince.remove(s);
    }

    boolean databaseUp() {
        return databaseUp;
    }

    void databaseUp(boolean up) {
        databaseUp = up;
    }

    boolean stoppedBySrm() {
        return stoppedBySrm;
    }

    void stoppedBySrm(boolean stopped) {
        stoppedBySrm = stopped;
    }

    boolean starting() {
        return starting;
    }

    void starting(boolean s) {
        starting = s;
    }

    /** The services the SRM started all run: nothing is down or held down any more. */
    void servicesStarted() {
        starting = false;
        stoppedBySrm = false;
        downSince.clear();
    }

    /** Whether a takeback must start services first (they were stopped, or some are down). */
    boolean needsStart() {
        return stoppedBySrm || !monitoredDown().isEmpty();
    }

    Set<CriticalService> servicesDown() {
        Set<CriticalService> s = EnumSet.noneOf(CriticalService.class);
        s.addAll(downSince.keySet());
        return s;
    }

    Set<CriticalService> monitoredDown() {
        Set<CriticalService> s = EnumSet.noneOf(CriticalService.class);
        for (CriticalService c : downSince.keySet()) {
            if (c.isMonitored(setup.params())) {
                s.add(c);
            }
        }
        return s;
    }

    /** "Cisco Sync Agent, Cisco XCP Router": the names an operator knows, not enum ids. */
    String monitoredDownNames() {
        return String.join(", ", monitoredDown().stream().map(CriticalService::displayName).toList());
    }

    /** Critical services and database up, and not held down on purpose. */
    boolean healthy() {
        return databaseUp && !stoppedBySrm && monitoredDown().isEmpty();
    }

    /** What the peer is told: the services run (none watched is down, none held down). */
    boolean servicesUp() {
        return monitoredDown().isEmpty() && !stoppedBySrm;
    }

    /** DATABASE_FAILURE at once; CRITICAL_SERVICES_DOWN once a service stayed down past the delay. */
    Reason failure(long now) {
        if (!databaseUp) {
            return Reason.DATABASE_FAILURE;
        }
        if (stoppedBySrm || starting) {
            return null;
        }
        for (Map.Entry<CriticalService, Long> e : downSince.entrySet()) {
            if (e.getKey().isMonitored(setup.params()) && now - e.getValue() >= setup.params().criticalServiceDownDelayMs()) {
                return Reason.CRITICAL_SERVICES_DOWN;
            }
        }
        return null;
    }

    /** When each watched service that is down becomes a failure (for the next deadline). */
    List<Long> failureDueTimes() {
        List<Long> due = new ArrayList<>();
        for (Map.Entry<CriticalService, Long> e : downSince.entrySet()) {
            if (e.getKey().isMonitored(setup.params())) {
                due.add(e.getValue() + setup.params().criticalServiceDownDelayMs());
            }
        }
        return due;
    }
}
