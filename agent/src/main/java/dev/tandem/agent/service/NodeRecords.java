package dev.tandem.agent.service;

import dev.tandem.agent.admin.NodeRecordsApi;
import dev.tandem.agent.alerts.AlertBook;
import dev.tandem.agent.alerts.RoundTripWatch;
import dev.tandem.agent.history.CounterHistory;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.CounterSample;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent keeps about its own node for consoles (issue 13), wired to the SRM loop: the
 * alerts (raised from the core's RaiseAlert commands and the round-trip watch, cleared from the
 * published status) and the counter history (one sample a second from the SRM thread).
 */
final class NodeRecords implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeRecords.class);

    private final String node;
    private final SrmLoop loop;
    private final AlertBook alerts;
    private final CounterHistory history = new CounterHistory();
    private final NodeRecordsApi api;
    private ScheduledExecutorService sampler;

    /** Call before the loop starts, so the first decisions' alerts are kept. */
    NodeRecords(String node, SrmLoop loop, Database db, PeerLink link, LongSupplier clock, LongSupplier wall) {
        this.node = node;
        this.loop = loop;
        this.alerts = new AlertBook(node, wall, db);
        this.api = new NodeRecordsApi(node, alerts, history, loop.events(), clock);
        // SRM thread, after the decision's commands ran and before its status is published
        // a store that cannot write (full disk: the SRM hears it as a database failure) must not
        // cost the decision's other listeners or the status its watchers: said in the log instead
        loop.addDecisionListener(d -> d.commands().forEach(c -> {
            if (c instanceof SrmCommand.RaiseAlert a) {
                guarded("alert " + a.type().vendorName() + " not kept",
                        () -> alerts.raise(AlertType.valueOf(a.type().name()), a.subject(), a.text()));
            }
        }));
        loop.statuses().addListener(s -> guarded("alert clearing not kept", () -> alerts.clearFrom(s)));
        RoundTripWatch roundTrip = new RoundTripWatch(alerts, node);
        link.addRoundTripListener(ms -> {
            try {
                roundTrip.observe(ms);
            } catch (RuntimeException e) { // the database closing under a stopping agent: nothing to keep
                log.debug("{}: round-trip alert not kept: {}", node, e.getMessage());
            }
        });
    }

    private void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("{}: {}: {}", node, what, e.getMessage());
        }
    }

    NodeRecordsApi api() {
        return api;
    }

    /** Starts the one-a-second counter sampling. */
    void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "counter-history-" + node);
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, CounterHistory.RESOLUTION_MS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            CounterSample s = loop.call(loop::selfCounterSample, CounterHistory.RESOLUTION_MS);
            history.add(Protos.ms(s.getAt()), s);
        } catch (Exception e) {
            // a busy or stopping SRM misses one sample; the next second tries again
            log.debug("{}: counter sample skipped: {}", node, e.toString());
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
