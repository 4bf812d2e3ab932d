package dev.tandem.console.connection;

import java.util.EnumSet;
import java.util.Set;

/**
 * Life cycle of one agent connection, with the table of allowed predecessors
 * (as Apache Ratis' LifeCycle): an illegal transition is a loud error, not a drift.
 */
public enum ConnectionState {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    FAILED,
    CLOSED;

    private Set<ConnectionState> predecessors;

    static {
        CONNECTING.predecessors = EnumSet.of(RECONNECTING, FAILED);
        CONNECTED.predecessors = EnumSet.of(CONNECTING, RECONNECTING);
        RECONNECTING.predecessors = EnumSet.of(CONNECTING, CONNECTED, RECONNECTING);
        FAILED.predecessors = EnumSet.of(CONNECTING, CONNECTED, RECONNECTING);
        CLOSED.predecessors = EnumSet.of(CONNECTING, CONNECTED, RECONNECTING, FAILED);
    }

    public boolean mayFollow(ConnectionState from) {
        return predecessors.contains(from);
    }

    /** Returns {@code to} or throws when {@code from -> to} is not allowed. */
    public static ConnectionState check(ConnectionState from, ConnectionState to) {
        if (!to.mayFollow(from)) {
            throw new IllegalStateException("illegal connection transition " + from + " -> " + to);
        }
        return to;
    }
}
