package dev.tandem.agent.security.peer;

import dev.tandem.agent.security.auth.Caller;
import dev.tandem.agent.security.input.Inputs;
import dev.tandem.agent.security.input.MessageLimits;
import dev.tandem.agent.security.pki.Role;
import io.grpc.Status;
import java.util.Optional;

/**
 * The first look at a peer message, before the agent uses it (docs/security.md): its size and
 * its sender's name are well-formed (INVALID_ARGUMENT), and the name is the node whose
 * certificate sent it (PERMISSION_DENIED). The receiver would drop a message from another
 * node anyway; answering OK would tell a forger nothing was wrong. With --insecure there is
 * no proven sender to compare, only the form is checked.
 */
public final class PeerSender {
    /** The longest incarnation id a sender may use (agents send a random UUID). */
    public static final int INCARNATION_CHARS = 64;

    private PeerSender() {
    }

    /** Why {@code what} (a heartbeat, shutdown notice, ...) cannot be taken, or OK. */
    public static Status check(String what, String claimedNode, String incarnation, int serializedBytes, int maxBytes) {
        if (serializedBytes > maxBytes) {
            return Status.INVALID_ARGUMENT.withDescription("a " + what + " of " + serializedBytes + " bytes; at most "
                    + maxBytes + " are accepted");
        }
        if (!Inputs.NODE_NAME.matcher(claimedNode).matches()) {
            return Status.INVALID_ARGUMENT.withDescription("the " + what + " names sender " + Inputs.quote(claimedNode)
                    + ", which is not a node name");
        }
        if (incarnation.length() > INCARNATION_CHARS) {
            return Status.INVALID_ARGUMENT.withDescription("the " + what + "'s incarnation " + Inputs.quote(incarnation)
                    + " is longer than " + INCARNATION_CHARS + " characters");
        }
        Optional<Caller> caller = Caller.current();
        if (caller.isPresent() && caller.get().role().orElse(null) == Role.NODE && !caller.get().name().equals(claimedNode)) {
            return Status.PERMISSION_DENIED.withDescription("the " + what + " names node " + Inputs.quote(claimedNode)
                    + " but comes from node " + caller.get().name());
        }
        return Status.OK;
    }

    /** For the small signalling messages (heartbeat, shutdown, recovery). */
    public static Status checkSignal(String what, String claimedNode, String incarnation, int serializedBytes) {
        return check(what, claimedNode, incarnation, serializedBytes, MessageLimits.PEER_SIGNAL_BYTES);
    }
}
