package dev.tandem.agent.runtime;

import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.function.Supplier;

/**
 * What this node tells its peer in a heartbeat (its status, report, offers, configuration,
 * counters, client address and re-login window) and its own counter sample. SRM thread: the
 * report and counters are read from the core.
 */
final class HeartbeatComposer {
    private final String self;
    private final StatusReports reports;
    private final NodePresence presence;
    private final Supplier<SharedConfig> shared;
    private final PeerInbox inbox;

    HeartbeatComposer(String self, StatusReports reports, NodePresence presence, Supplier<SharedConfig> shared,
                      PeerInbox inbox) {
        this.self = self;
        this.inbox = inbox;
        this.reports = reports;
        this.presence = presence;
        this.shared = shared;
    }

    HeartbeatMessage heartbeat(PeerStatus status) {
        return HeartbeatMessage.newBuilder()
                .setStatus(Protos.status(status))
                .setReport(reports.selfReport())
                .addAllActions(reports.selfOffers())
                .setConfig(shared.get())
                .addAllCounters(reports.selfCounters())
                .setClientAddress(presence.clientAddress())
                .setReloginLowerMs(presence.relogin().lower().toMillis())
                .setReloginUpperMs(presence.relogin().upper().toMillis())
                .setStore(presence.storeSync().mine()) // store convergence (issue 11)
                // lets a peer that was paused tell this status is newer than its pause (issue 10)
                .setHeardIncarnation(inbox.heardIncarnation())
                .setHeardSeq(inbox.heardSeq())
                .build();
    }

    /** This node's counters and heartbeat figures, stamped {@code atMs} on the SRM clock. */
    CounterSample counterSample(long atMs) {
        return CounterSample.newBuilder().setNode(self).setAt(Protos.ts(atMs))
                .addAllCounters(reports.selfCounters()).build();
    }
}
