package dev.tandem.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import org.junit.jupiter.api.Test;

/** An agent that goes away is shown reconnecting with its backoff and data age, and comes back. */
class ReconnectTest {

    @Test
    void agentGoesAwayAndComesBack() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            var conns = f.vm.connections();
            f.until(() -> !conns.rows().isEmpty() && conns.rows().get(0).state() == ConnectionState.CONNECTED);

            f.server.stop();
            f.until(() -> conns.rows().get(0).state() == ConnectionState.RECONNECTING);
            assertThat(conns.rows().get(0).detail()).contains("retry").contains("cannot be reached")
                    .contains("the console keeps retrying").contains("last data");
            assertThat(conns.rows().get(0).raw()).as("the raw detail, one click away").contains("UNAVAILABLE");
            // the overview keeps the last data, marked stale
            f.until(() -> !f.vm.overview().groups().isEmpty() && !f.vm.overview().groups().get(0).live());
            assertThat(f.vm.overview().groups().get(0).source()).contains("UNREACHABLE").contains("old");
            assertThat(f.vm.actions().nodes()).allMatch(n -> n.failover().isEmpty() && n.fallback().isEmpty());

            f.server.start();
            f.until(() -> conns.rows().get(0).state() == ConnectionState.CONNECTED);
            f.until(() -> f.vm.overview().groups().get(0).live());
        }
    }

    @Test
    void removingAnAgentClosesItAndBadInputIsExplained() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            var conns = f.vm.connections();
            f.until(() -> conns.rows().size() == 1);
            conns.addressInputProperty().set("no-port-here");
            assertThat(conns.add()).isFalse();
            assertThat(conns.addErrorProperty().get()).contains("host:port");
            conns.remove(conns.rows().get(0));
            f.until(() -> conns.rows().isEmpty());
            assertThat(f.ctx.registry().connections()).isEmpty();
        }
    }
}
