package dev.tandem.agent.presence;

import dev.tandem.proto.presence.v1.NodeRef;
import java.util.Objects;

/** How clients reach a node's client port, and that node's re-login limits. */
public record NodeEndpoint(String name, String address, ReloginLimits relogin) {
    public NodeEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(relogin, "relogin");
    }

    public NodeRef toRef() {
        return NodeRef.newBuilder()
                .setName(name)
                .setAddress(address)
                .setReloginLowerMs((int) Math.min(Integer.MAX_VALUE, relogin.lower().toMillis()))
                .setReloginUpperMs((int) Math.min(Integer.MAX_VALUE, relogin.upper().toMillis()))
                .build();
    }
}
