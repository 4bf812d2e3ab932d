package dev.tandem.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionBasicsTest {

    @Test
    void addressesParseOrSayWhatIsWrong() {
        assertThat(AgentAddress.parse(" 10.0.0.5:20075 ")).isEqualTo(new AgentAddress("10.0.0.5", 20075));
        assertThat(AgentAddress.parse("[::1]:20075").host()).isEqualTo("::1");
        assertThatThrownBy(() -> AgentAddress.parse("host")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> AgentAddress.parse("host:abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> AgentAddress.parse("host:70000")).hasMessageContaining("1..65535");
    }

    @Test
    void backoffDoublesUpToItsCap() {
        Backoff b = new Backoff(500, 30_000);
        assertThat(b.delayMs(1)).isEqualTo(500);
        assertThat(b.delayMs(2)).isEqualTo(1000);
        assertThat(b.delayMs(4)).isEqualTo(4000);
        assertThat(b.delayMs(7)).isEqualTo(30_000);
        assertThat(b.delayMs(500)).isEqualTo(30_000);
    }

    @Test
    void illegalTransitionsAreLoud() {
        assertThat(ConnectionState.check(ConnectionState.CONNECTING, ConnectionState.CONNECTED))
                .isEqualTo(ConnectionState.CONNECTED);
        assertThat(ConnectionState.RECONNECTING.mayFollow(ConnectionState.RECONNECTING)).isTrue();
        assertThatThrownBy(() -> ConnectionState.check(ConnectionState.CLOSED, ConnectionState.CONNECTED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED -> CONNECTED");
        assertThatThrownBy(() -> ConnectionState.check(ConnectionState.FAILED, ConnectionState.CONNECTED))
                .isInstanceOf(IllegalStateException.class);
    }
}
