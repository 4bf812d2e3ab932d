package dev.tandem.agent.presence.store;

/** Fault injected into the next move's transaction, half-way through its writes. */
public enum MoveFault {
    /** The write fails with an SQL error; the transaction rolls back. */
    FAIL_WRITE,
    /** The connection is closed mid-transaction, as if the process died. */
    CLOSE_CONNECTION
}
