package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.proto.presence.v1.NodeRef;
import dev.tandem.proto.presence.v1.PresenceUpdate;
import dev.tandem.proto.presence.v1.Promoted;
import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.SubscriptionDropped;
import java.util.function.Supplier;

/** The server messages the session manager writes, built in one place. */
final class Messages {
    private final Supplier<NodeEndpoint> peerEndpoint;

    /** @param peerEndpoint where redirected clients find the peer (its address may be learnt late) */
    Messages(Supplier<NodeEndpoint> peerEndpoint) {
        this.peerEndpoint = peerEndpoint;
    }

    /** A redirect to {@code node}, with the peer's address when {@code node} is the peer. */
    Redirect redirectTo(String node, String reason, boolean moved) {
        return redirectTo(node, reason, moved, false);
    }

    /**
     * As {@link #redirectTo(String, String, boolean)}; {@code peerPromoted}: the peer confirmed it
     * applied the move (and promoted the standby connections) before this redirect: promoted_there.
     */
    Redirect redirectTo(String node, String reason, boolean moved, boolean peerPromoted) {
        NodeEndpoint peer = peerEndpoint.get();
        Redirect.Builder r = Redirect.newBuilder().setReason(reason).setMoved(moved);
        if (peer != null && peer.name().equals(node)) {
            r.setPromotedThere(moved && peerPromoted);
            r.setNode(peer.toRef());
        } else {
            r.setNode(NodeRef.newBuilder().setName(node));
        }
        return r.build();
    }

    static ServerMessage promoted(String reason) {
        return ServerMessage.newBuilder().setPromoted(Promoted.newBuilder().setReason(reason)).build();
    }

    static ServerMessage dropped(String target, String reason) {
        return ServerMessage.newBuilder()
                .setSubscriptionDropped(SubscriptionDropped.newBuilder().setTargetUserId(target).setReason(reason))
                .build();
    }

    static ServerMessage presence(PresenceUpdate update) {
        return ServerMessage.newBuilder().setPresence(update).build();
    }
}
