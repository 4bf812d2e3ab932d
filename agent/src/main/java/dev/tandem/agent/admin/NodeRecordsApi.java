package dev.tandem.agent.admin;

import dev.tandem.agent.alerts.AlertBook;
import dev.tandem.agent.alerts.AlertRecord;
import dev.tandem.agent.history.CounterHistory;
import dev.tandem.agent.runtime.EventLog;
import dev.tandem.agent.runtime.Protos;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.AlertList;
import dev.tandem.proto.admin.v1.CounterHistory.Builder;
import dev.tandem.proto.admin.v1.GetCounterHistoryRequest;
import dev.tandem.proto.admin.v1.ListAlertsRequest;
import io.grpc.Status;
import java.util.function.LongSupplier;

/**
 * The admin API over what the agent keeps about its own node (issue 13): the alerts it raised,
 * their acknowledgements, and the last hour of its counters.
 */
public final class NodeRecordsApi {
    /** How far in the future a history request's start may lie (clock differences), in ms. */
    static final long FUTURE_SLACK_MS = 60_000;

    private final String node;
    private final AlertBook alerts;
    private final CounterHistory history;
    private final EventLog events;
    private final LongSupplier clock;

    /** @param clock the clock of the counter samples (the SRM's) */
    public NodeRecordsApi(String node, AlertBook alerts, CounterHistory history, EventLog events, LongSupplier clock) {
        this.node = node;
        this.alerts = alerts;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    AlertBook alerts() {
        return alerts;
    }

    AlertList listAlerts(ListAlertsRequest r) {
        AlertList.Builder b = AlertList.newBuilder();
        alerts.list(r.getActiveOnly()).forEach(a -> b.addAlerts(toProto(a)));
        return b.build();
    }

    Alert acknowledge(AcknowledgeAlertRequest r) {
        if (r.getId() <= 0) {
            throw Status.INVALID_ARGUMENT.withDescription("alert id must be positive, not " + r.getId())
                    .asRuntimeException();
        }
        String who = AdminOps.actor(r.getActor());
        AlertRecord a = alerts.acknowledge(r.getId(), who).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("no alert " + r.getId() + " on " + node + " (it may be older than the kept ones)")
                .asRuntimeException());
        events.audit(who, "AcknowledgeAlert", "alert " + a.id() + " (" + a.type().name() + ")",
                a.ackBy().equals(who) ? "accepted" : "accepted: already acknowledged by " + a.ackBy());
        return toProto(a);
    }

    dev.tandem.proto.admin.v1.CounterHistory counterHistory(GetCounterHistoryRequest r) {
        long since = r.hasSince() ? Protos.ms(r.getSince()) : Long.MIN_VALUE;
        if (r.hasSince() && since > clock.getAsLong() + FUTURE_SLACK_MS) {
            throw Status.INVALID_ARGUMENT.withDescription("since lies in the future of " + node + "'s clock")
                    .asRuntimeException();
        }
        Builder b = dev.tandem.proto.admin.v1.CounterHistory.newBuilder().setNode(node)
                .setResolutionMs(CounterHistory.RESOLUTION_MS);
        b.addAllSamples(history.since(since));
        return b.build();
    }

    static Alert toProto(AlertRecord a) {
        Alert.Builder b = Alert.newBuilder().setId(a.id()).setNode(a.node()).setType(a.type()).setSeverity(a.severity())
                .setSentence(a.sentence()).setRaisedAt(Protos.ts(a.raisedAtMs()))
                .setClearedBecause(a.clearedBecause()).setAcknowledgedBy(a.ackBy());
        if (!a.active()) {
            b.setClearedAt(Protos.ts(a.clearedAtMs()));
        }
        if (a.acknowledged()) {
            b.setAcknowledgedAt(Protos.ts(a.ackAtMs()));
        }
        return b.build();
    }
}
