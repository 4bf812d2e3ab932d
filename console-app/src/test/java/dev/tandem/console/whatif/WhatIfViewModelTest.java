package dev.tandem.console.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.Fault;
import dev.tandem.proto.admin.v1.FaultKind;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class WhatIfViewModelTest {

    private static WhatIfViewModel.KindChoice choice(WhatIfViewModel vm, FaultKind k) {
        return vm.kinds().stream().filter(c -> c.kind() == k).findFirst().orElseThrow();
    }

    @Test
    void choosersFollowTheSelectedGroupAndSpeakTheContractsWords() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            WhatIfViewModel vm = f.vm.whatIf();
            f.until(() -> vm.nodes().size() == 2 && !vm.services().isEmpty());
            assertThat(vm.nodes()).containsExactly(Statuses.A, Statuses.B);
            assertThat(vm.kinds()).hasSize(14).allMatch(c -> c.label().equals(Labels.faultKind(c.kind())))
                    .noneMatch(c -> c.toString().startsWith("FAULT_"));
            assertThat(vm.services()).noneMatch(s -> s.label().equals(s.id()) && s.id().contains("_"));
            vm.kindProperty().set(choice(vm, FaultKind.FAULT_CRITICAL_SERVICE_DOWN));
            assertThat(vm.needsServiceProperty().get()).isTrue();
            vm.kindProperty().set(choice(vm, FaultKind.FAULT_PARTITION));
            assertThat(vm.needsNodeProperty().get()).isFalse();
            assertThat(vm.needsServiceProperty().get()).isFalse();
        }
    }

    @Test
    void runSendsTheFaultsAndShowsTheOutcomeAsATimeline() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            f.agent.setSimulation(WhatIfReports.serviceDownOnA());
            WhatIfViewModel vm = f.vm.whatIf();
            f.until(() -> vm.nodes().size() == 2 && !vm.services().isEmpty());
            vm.kindProperty().set(choice(vm, FaultKind.FAULT_CRITICAL_SERVICE_DOWN));
            vm.nodeProperty().set(Statuses.A);
            vm.atSecondsProperty().set("1.5");
            assertThat(vm.addFault()).isTrue();
            assertThat(vm.faultLines()).singleElement().asString().startsWith("at 1.5 s: Critical service down on "
                    + Statuses.A);
            vm.run();
            assertThat(vm.runningProperty().get()).isTrue();
            f.until(() -> !vm.finalRowProperty().get().isEmpty());
            assertThat(vm.runningProperty().get()).isFalse();

            Fault sent = f.agent.simulated().get(0).getFaults(0);
            assertThat(sent.getKind()).isEqualTo(FaultKind.FAULT_CRITICAL_SERVICE_DOWN);
            assertThat(sent.getNode()).isEqualTo(Statuses.A);
            assertThat(sent.getAtMs()).isEqualTo(1500);
            assertThat(sent.getService()).isEqualTo(vm.serviceProperty().get().id());

            assertThat(vm.finalRowProperty().get()).isEqualTo("M12");
            assertThat(vm.timeline()).extracting(WhatIfViewModel.Entry::what).containsExactly("Row M1",
                    Statuses.A + ": Normal \u2192 Failing Over (Critical Services Down)",
                    Statuses.B + ": Normal \u2192 Taking Over (Critical Services Down)",
                    Statuses.B + ": Taking Over \u2192 Running in Backup Mode (Critical Services Down)",
                    Statuses.A + ": Failing Over \u2192 Failed Over with Critical Services Not Running (Critical Services Down)",
                    "Row M12");
            assertThat(vm.timeline().get(1).time()).isEqualTo("+1 min 30 s");
            assertThat(vm.moves()).containsExactly(Statuses.A + " hands its users over: 1500 users",
                    Statuses.B + " takes over its peer's users: 1500 users");
            assertThat(vm.recommendedProperty().get()).isEqualTo("1. Restore the critical services of node 1.\n"
                    + "2. Fall back to node 1.");
            assertThat(vm.summaryProperty().get()).contains("would settle in M12");
            assertThat(vm.messageProperty().get()).contains("nothing was done to it");
        }
    }

    @Test
    void badChoicesAndRefusalsAreExplainedAndChangeNothing() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            WhatIfViewModel vm = f.vm.whatIf();
            f.until(() -> vm.nodes().size() == 2);
            vm.atSecondsProperty().set("soon");
            assertThat(vm.addFault()).isFalse();
            assertThat(vm.faultLines()).isEmpty();
            assertThat(vm.messageProperty().get()).contains("number of seconds");
            vm.atSecondsProperty().set("-1");
            assertThat(vm.addFault()).isFalse();

            vm.atSecondsProperty().set("0");
            f.agent.setSimulation(WhatIfReports.serviceDownOnA());
            f.agent.failNext("Simulate", Status.INVALID_ARGUMENT.withDescription("fault 1 names node 'x'"));
            vm.run();
            f.until(() -> !vm.runningProperty().get() && vm.messageProperty().get().contains("names node"));
            assertThat(vm.timeline()).isEmpty();
            assertThat(vm.finalRowProperty().get()).isEmpty();
        }
    }
}
