package dev.tandem.agent.runtime;

import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives from the peer, before the SRM sees it: only the next message of the peer's
 * current incarnation is fresh (a stale or replayed one is dropped), a heartbeat carrying a
 * newer shared configuration is adopted first, and the last heartbeat is kept for the
 * status. SRM thread only.
 */
final class PeerInbox {
    private static final Logger log = LoggerFactory.getLogger(PeerInbox.class);

    /** What to do with the configuration a fresh heartbeat carries. */
    enum ConfigVerdict {
        /** Same revision, or an older one with the same content: use the heartbeat as it is. */
        KEEP,
        /** The peer's is newer: adopt it before handing the heartbeat to the SRM. */
        ADOPT,
        /** The peer has not seen our newer configuration yet: answer with ours, ignore its status. */
        ANSWER_WITH_OURS,
        /**
         * The peer's is newer but breaks the rules (parameters out of range, other nodes, a
         * revision far ahead of our clock): not adopted, the heartbeat is used as it is and the
         * difference shows as a parameter mismatch (docs/security.md).
         */
        REFUSE
    }

    private final String self;
    private final String peerName;
    private final SrmActor actor;
    private String peerIncarnation = "";
    private long peerSeq;
    private HeartbeatMessage last;

    PeerInbox(String self, String peerName, SrmActor actor) {
        this.self = self;
        this.peerName = peerName;
        this.actor = actor;
    }

    /** True when the message is the next one from the peer's current incarnation. */
    boolean fresh(Envelope e) {
        actor.assertOnActor();
        if (!e.getNode().equals(peerName)) {
            log.warn("{}: ignoring a message from '{}': the peer is '{}'", self, e.getNode(), peerName);
            return false;
        }
        if (!e.getIncarnation().equals(peerIncarnation)) {
            peerIncarnation = e.getIncarnation();
            peerSeq = e.getSeq();
            return true;
        }
        if (e.getSeq() <= peerSeq) {
            return false;
        }
        peerSeq = e.getSeq();
        return true;
    }

    /** The peer's incarnation last heard ("" before any), for the heartbeat's heard_incarnation. */
    String heardIncarnation() {
        actor.assertOnActor();
        return peerIncarnation;
    }

    /** The highest seq heard from that incarnation, for the heartbeat's heard_seq. */
    long heardSeq() {
        actor.assertOnActor();
        return peerSeq;
    }

    /** What to do with {@code theirs}; its revision is judged against {@code nowMs}, the clock revisions are made with. */
    static ConfigVerdict compare(SharedConfig theirs, SharedConfig ours, long nowMs) {
        if (theirs.getRevision() > ours.getRevision()) {
            return dev.tandem.agent.security.peer.PeerMessageRules.configurationProblems(theirs, ours, nowMs).isEmpty()
                    ? ConfigVerdict.ADOPT : ConfigVerdict.REFUSE;
        }
        if (theirs.getRevision() < ours.getRevision() && !sameShared(theirs.getConfiguration(), ours.getConfiguration())) {
            return ConfigVerdict.ANSWER_WITH_OURS;
        }
        return ConfigVerdict.KEEP;
    }

    static boolean sameShared(GroupConfiguration a, GroupConfiguration b) {
        return a.getHaEnabled() == b.getHaEnabled() && a.getMaintenanceMode() == b.getMaintenanceMode()
                && Protos.parameters(a.getParameters()).fingerprint().equals(Protos.parameters(b.getParameters()).fingerprint())
                && a.getGroup().equals(b.getGroup()) && a.getDescription().equals(b.getDescription())
                && a.getUserAssignmentMode() == b.getUserAssignmentMode() && a.getNodesList().equals(b.getNodesList());
    }

    private long refusedRevision = Long.MIN_VALUE;

    /** Logs a refused configuration once per revision (it comes with every heartbeat). */
    void refused(SharedConfig theirs, SharedConfig ours, long nowMs) {
        actor.assertOnActor();
        if (theirs.getRevision() != refusedRevision) {
            refusedRevision = theirs.getRevision();
            log.warn("{}: not adopting {}'s configuration revision {}: {}", self, peerName, theirs.getRevision(),
                    String.join("; ", dev.tandem.agent.security.peer.PeerMessageRules.configurationProblems(theirs, ours, nowMs)));
        }
    }

    void keep(HeartbeatMessage m) {
        actor.assertOnActor();
        last = m;
    }

    /** The peer's last heartbeat while it is reachable, else empty. */
    Optional<HeartbeatMessage> last(boolean peerReachable) {
        actor.assertOnActor();
        return peerReachable ? Optional.ofNullable(last) : Optional.empty();
    }
}
