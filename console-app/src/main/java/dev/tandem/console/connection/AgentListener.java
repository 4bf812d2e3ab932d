package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.HaEvent;

/** Where the streams put what they receive. Called on gRPC threads: implementations only buffer. */
public interface AgentListener {
    void counters(AgentAddress from, CounterSample sample);

    void event(AgentAddress from, HaEvent event);
}
