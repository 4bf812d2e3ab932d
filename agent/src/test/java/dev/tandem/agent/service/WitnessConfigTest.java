package dev.tandem.agent.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** witness.zookeeper and witness.lease-timeout (issue 10): off by default, checked when set. */
class WitnessConfigTest {
    private static AgentConfig.Builder base() {
        return AgentConfig.builder().set("node.name", "node-a").set("peer.name", "node-b");
    }

    @Test
    void theWitnessIsOffByDefault() {
        AgentConfig c = base().build();
        assertThat(c.witnessEnabled()).isFalse();
        assertThat(c.witnessLeaseTimeoutMs()).isEqualTo(AgentConfig.DEFAULT_WITNESS_LEASE_MS);
    }

    @Test
    void anEnsembleAndALeaseTimeoutAreRead() {
        AgentConfig c = base().set("witness.zookeeper", "zk1:2181,zk2.example:2181,10.0.0.3:2181")
                .set("witness.lease-timeout", "8s").build();
        assertThat(c.witnessEnabled()).isTrue();
        assertThat(c.witnessZookeeper()).isEqualTo("zk1:2181,zk2.example:2181,10.0.0.3:2181");
        assertThat(c.witnessLeaseTimeoutMs()).isEqualTo(8000);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> base().set("witness.zookeeper", "zk1").build())
                .hasMessageContaining("witness.zookeeper: 'zk1' is not HOST:PORT[,HOST:PORT...]");
        assertThatThrownBy(() -> base().set("witness.zookeeper", "zk1:2181,").build())
                .hasMessageContaining("witness.zookeeper");
        assertThatThrownBy(() -> base().set("witness.lease-timeout", "500ms").build())
                .hasMessageContaining("witness.lease-timeout: 500 ms is too short (at least 1 s)");
    }
}
