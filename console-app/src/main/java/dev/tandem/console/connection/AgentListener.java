package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.HaEvent;

/** Where the streams put what they receive. Called on gRPC threads: implementations only buffer. */
public interface AgentListener {
    void counters(AgentAddress from, CounterSample sample);

    void event(AgentAddress from, HaEvent event);

    /**
     * One of the agent's own alerts, new or changed (cleared, acknowledged): the same id replaces
     * it. Ignored unless overridden (a listener that only needs counters and events).
     */
    default void alert(AgentAddress from, Alert alert) {
    }

    /** The agent's counter history, on each (re)connect: samples of its own node, oldest first. Ignored unless overridden. */
    default void history(AgentAddress from, java.util.List<CounterSample> samples) {
    }
}
