package dev.tandem.console.actions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.OfferedAction;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ActionsViewModelTest {

    @Test
    void offersExactlyWhatTheAgentOffers() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.failedOver()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2);
            assertThat(vm.nodes().get(0).fallback()).isPresent();
            assertThat(vm.nodes().get(0).failover()).isEmpty();
            assertThat(vm.nodes().get(1).failover()).isEmpty();
            assertThat(vm.nodes().get(1).fallback()).isEmpty();
            assertThat(vm.recoveryProperty().get()).isNull();
        }
    }

    @Test
    void failoverIsConfirmedSentFollowedAndReported() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2 && vm.nodes().get(0).failover().isPresent());
            OfferedAction failover = vm.nodes().get(0).failover().orElseThrow();
            var c = vm.confirmation(failover);
            assertThat(c.header()).isEqualTo("Failover node cup-a");
            assertThat(c.body()).contains("Users affected: 1,200").contains("log in to cup-b");

            f.agent.onFailover(r -> f.agent.setStatus(Statuses.failingOver()));
            vm.execute(failover);
            assertThat(vm.busyProperty().get()).isTrue();
            f.until(() -> vm.progressProperty().get().contains("in progress"));
            assertThat(vm.progressProperty().get()).contains("cup-a: Failing Over / On Admin Request");
            assertThat(f.agent.calls()).contains("Failover");

            f.agent.setStatus(Statuses.failedOver());
            f.until(() -> !vm.outcomeProperty().get().isEmpty());
            assertThat(vm.outcomeProperty().get()).contains("done").contains("cup-a: Idle").contains("M3");
            assertThat(vm.outcomeIsErrorProperty().get()).isFalse();
            assertThat(vm.busyProperty().get()).isFalse();
        }
    }

    @Test
    void theAgentsRefusalIsShownWord_for_word() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2 && vm.nodes().get(1).failover().isPresent());
            f.agent.failNext("Failover", Status.FAILED_PRECONDITION.withDescription(
                    "cup-b is Taking Over; failover is offered only in Normal"));
            vm.execute(vm.nodes().get(1).failover().orElseThrow());
            f.until(() -> !vm.outcomeProperty().get().isEmpty());
            assertThat(vm.outcomeProperty().get())
                    .isEqualTo("Failover of cup-b refused by the agent: cup-b is Taking Over; failover is offered only in Normal");
            assertThat(vm.rawErrorProperty().get())
                    .isEqualTo("FAILED_PRECONDITION: cup-b is Taking Over; failover is offered only in Normal");
            assertThat(vm.outcomeIsErrorProperty().get()).isTrue();
            assertThat(vm.busyProperty().get()).isFalse();
        }
    }
}
