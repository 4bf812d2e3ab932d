package dev.tandem.agent.security.input;

/**
 * The largest message each port takes (gRPC's max inbound message size; a larger one is
 * refused with RESOURCE_EXHAUSTED before it is parsed) and the longest strings kept.
 */
public final class MessageLimits {
    /** Peer port: heartbeats and replication batches of whole user sets (15,000 users fit). */
    public static final int PEER_PORT_BYTES = 4 * 1024 * 1024;
    /** A heartbeat, shutdown notice or recovery request: a status and a few counters, far below this. */
    public static final int PEER_SIGNAL_BYTES = 256 * 1024;
    /** Admin port: the largest is AddUsers/RemoveUsers with many ids. */
    public static final int ADMIN_PORT_BYTES = 1024 * 1024;
    /** Client port: logins, keepalives, presence notes. */
    public static final int CLIENT_PORT_BYTES = 64 * 1024;
    /** Request headers (metadata) on any port. */
    public static final int HEADER_BYTES = 16 * 1024;

    /** A caller-supplied label (actor, note): longer is refused. */
    public static final int LABEL_CHARS = 256;
    /** Node names, user ids, group names: the naming rules' limit. */
    public static final int NAME_CHARS = 128;
    /** How much of a refused input an error message quotes. */
    public static final int QUOTE_CHARS = 32;
    /** Any text column of an event or audit row is cut to this. */
    public static final int EVENT_TEXT_CHARS = 1024;

    private MessageLimits() {
    }
}
