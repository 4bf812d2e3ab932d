package dev.tandem.agent.security.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputsTest {
    private static StatusRuntimeException refused(Runnable r) {
        try {
            r.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aMegabyteIsRefusedQuotingOnlyAShortPrefix() {
        String huge = "x".repeat(1_000_000);
        for (Runnable r : List.<Runnable>of(() -> Inputs.label("actor", huge), () -> Inputs.nodeName("node", huge),
                () -> Inputs.userId("user_id", huge), () -> Inputs.userIds("users", List.of("ok", huge), 10))) {
            StatusRuntimeException e = refused(r);
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).hasSizeLessThan(200).contains("1000000 characters");
        }
    }

    @Test
    void wellFormedNamesPassAndOthersAreNamed() {
        assertThat(Inputs.nodeName("node", "node-a")).isEqualTo("node-a");
        assertThat(Inputs.userId("user", "alice@example.com")).isEqualTo("alice@example.com");
        assertThat(refused(() -> Inputs.nodeName("node", "")).getStatus().getDescription()).isEqualTo("node: required");
        assertThat(refused(() -> Inputs.userId("user", "-lead")).getStatus().getDescription()).contains("'-lead'");
        assertThat(refused(() -> Inputs.label("actor", "a\nb")).getStatus().getDescription()).contains("control character");
        assertThat(refused(() -> Inputs.userIds("users", List.of("a", "b", "c"), 2)).getStatus().getDescription())
                .contains("at most 2");
    }

    @Test
    void quoteAndClipBoundTheirOutput() {
        assertThat(Inputs.quote("short")).isEqualTo("'short'");
        assertThat(Inputs.quote("y".repeat(100))).startsWith("'" + "y".repeat(MessageLimits.QUOTE_CHARS) + "…'").endsWith("(100 characters)");
        assertThat(Inputs.clip("z".repeat(5000), 10)).hasSize(10);
        assertThat(Inputs.clip("abc", 10)).isEqualTo("abc");
    }
}
