package dev.tandem.console.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import io.grpc.Status;
import java.util.List;
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

    @Test
    void eachActionIsSentAsItsOwnRequest_andRecoveryAsRecover() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2);
            vm.execute(Statuses.offer(Action.RECOVERY, Statuses.A, "", 0));
            f.until(() -> f.agent.calls().contains("Recover"));
            assertThat(f.agent.calls()).doesNotContain("Failover", "Fallback");
        }
    }

    @Test
    void anActionTheConsoleCannotSendIsRefusedAndChangesNothing() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2);
            for (Action unknown : List.of(Action.ACTION_UNSPECIFIED, Action.UNRECOGNIZED)) {
                OfferedAction a = unknown == Action.UNRECOGNIZED
                        ? OfferedAction.newBuilder().setActionValue(99).setNode(Statuses.A).build()
                        : Statuses.offer(unknown, Statuses.A, "", 0);
                assertThatThrownBy(() -> vm.execute(a).join()).hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("cannot send the action");
                assertThat(vm.busyProperty().get()).isFalse();
                assertThat(vm.progressProperty().get()).isEmpty();
            }
            assertThat(f.agent.calls()).doesNotContain("Failover", "Fallback", "Recover");
        }
    }

    @Test
    void theConfirmationCarriesTheAgentsPreflightChecks() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ActionsViewModel vm = f.vm.actions();
            f.until(() -> vm.nodes().size() == 2 && vm.nodes().get(0).failover().isPresent());
            OfferedAction failover = vm.nodes().get(0).failover().orElseThrow();
            // an agent without CheckAction: the dialog opens without checks
            var noneCall = vm.preflight(failover);
            f.until(noneCall::isDone);
            var none = noneCall.get();
            assertThat(none).isEmpty();
            assertThat(vm.confirmation(failover, none).body()).doesNotContain("Pre-flight");

            f.agent.setPreflight(PreflightReport.newBuilder().setWouldBeAccepted(true)
                    .addChecks(Precondition.newBuilder().setName("peer-state").setPassed(true).setBlocking(true)
                            .setSentence("cup-b is Normal and can take the users"))
                    .addChecks(Precondition.newBuilder().setName("round-trip").setPassed(false).setBlocking(false)
                            .setSentence("peer round trip 95 ms is over 80 ms"))
                    .build());
            var checksCall = vm.preflight(failover);
            f.until(checksCall::isDone);
            var checks = checksCall.get();
            assertThat(checks).isPresent();
            assertThat(vm.confirmation(failover, checks).body())
                    .contains("Pre-flight checks by the agent:")
                    .contains("\u2713 cup-b is Normal and can take the users")
                    .contains("! peer round trip 95 ms is over 80 ms")
                    .doesNotContain("would refuse");
        }
    }
}
