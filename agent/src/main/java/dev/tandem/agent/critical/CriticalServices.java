package dev.tandem.agent.critical;

import dev.tandem.agent.srm.CriticalService;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's critical services (all six; which count is the SRM's business) with their
 * bindings. Polls every binding; an admin start or stop is checked at once. Each change
 * of running/not running goes to the listener (the SRM's down delay applies there).
 */
public final class CriticalServices {

    /** Told of every change, on the poller's thread. */
    public interface Listener {
        void changed(CriticalService service, boolean running, String detail);
    }

    /** One service as the status shows it. */
    public record ServiceState(CriticalService service, boolean running, long sinceMs, String binding, String detail) {
    }

    private final Map<CriticalService, ServiceBinding> bindings;
    private final Map<CriticalService, ServiceState> states = new EnumMap<>(CriticalService.class);
    private final LongSupplier clock;
    private volatile Listener listener = (s, r, d) -> { };

    public CriticalServices(Map<CriticalService, ServiceBinding> bindings, LongSupplier clock) {
        this.bindings = new EnumMap<>(bindings);
        for (CriticalService s : CriticalService.values()) {
            this.bindings.putIfAbsent(s, new EmulatedService());
        }
        this.clock = clock;
        long now = clock.getAsLong();
        for (CriticalService s : CriticalService.values()) {
            states.put(s, new ServiceState(s, true, now, this.bindings.get(s).describe(), ""));
        }
    }

    public void setListener(Listener l) {
        this.listener = l;
    }

    /** Checks every service now, then every {@code pollMs} on {@code executor}. */
    public void startPolling(ScheduledExecutorService executor, long pollMs) {
        executor.scheduleWithFixedDelay(this::pollAll, 0, pollMs, TimeUnit.MILLISECONDS);
    }

    public void pollAll() {
        for (CriticalService s : CriticalService.values()) {
            check(s);
        }
    }

    /** Checks one service and reports a change. */
    public void check(CriticalService s) {
        boolean running;
        String detail = "";
        try {
            running = bindings.get(s).check();
        } catch (Exception e) {
            running = false;
            detail = String.valueOf(e.getMessage());
        }
        ServiceState old;
        ServiceState now;
        synchronized (this) {
            old = states.get(s);
            now = old.running() == running ? new ServiceState(s, running, old.sinceMs(), old.binding(), detail)
                    : new ServiceState(s, running, clock.getAsLong(), old.binding(), detail);
            states.put(s, now);
        }
        if (old.running() != running) {
            listener.changed(s, running, detail);
        }
    }

    public synchronized List<ServiceState> states() {
        return new ArrayList<>(states.values());
    }

    public synchronized ServiceState state(CriticalService s) {
        return states.get(s);
    }

    public ServiceBinding binding(CriticalService s) {
        return bindings.get(s);
    }

    /** Starts one service (admin); throws with the binding's error. */
    public void start(CriticalService s) throws Exception {
        try {
            bindings.get(s).start();
        } finally {
            check(s);
        }
    }

    public void stop(CriticalService s) throws Exception {
        try {
            bindings.get(s).stop();
        } finally {
            check(s);
        }
    }

    /** Starts every service of {@code which} that is not running; returns the errors (empty: all run). */
    public List<String> startAll(Set<CriticalService> which) {
        List<String> errors = new ArrayList<>();
        for (CriticalService s : which) {
            if (state(s).running()) {
                continue;
            }
            try {
                start(s);
                if (!state(s).running()) {
                    errors.add(s.displayName() + " did not come up: " + state(s).detail());
                }
            } catch (Exception e) {
                errors.add(s.displayName() + ": " + e.getMessage());
            }
        }
        return errors;
    }

    public List<String> stopAll(Set<CriticalService> which) {
        List<String> errors = new ArrayList<>();
        for (CriticalService s : which) {
            try {
                stop(s);
            } catch (Exception e) {
                errors.add(s.displayName() + ": " + e.getMessage());
            }
        }
        return errors;
    }
}
