package dev.tandem.console.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.contract.GroupRules;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ConfigViewModelTest {

    @Test
    void nameAndDescriptionRulesOfSection4() {
        assertThat(GroupRules.name("prg_tokyo-1")).isEmpty();
        assertThat(GroupRules.name("")).contains("A group name is required.");
        assertThat(GroupRules.name("a".repeat(129))).get().asString().contains("At most 128");
        assertThat(GroupRules.name("a".repeat(128))).isEmpty();
        assertThat(GroupRules.name("tokyo pair!")).get().asString().contains("not: space!");
        assertThat(GroupRules.description("Tokyo pair, rack 3 (east)")).isEmpty();
        assertThat(GroupRules.description("a < b & \"c\"")).get().asString().contains("\" & <");
        assertThat(GroupRules.description("x".repeat(129))).isPresent();
    }

    @Test
    void subSecondTimersAreShownAndSavedExactly() {
        ParameterSpec interval = ParameterSpec.HEARTBEAT_INTERVAL;
        assertThat(interval.format(100)).isEqualTo("0.1");
        assertThat(interval.format(15_000)).isEqualTo("15");
        assertThat(interval.parse("0.1").raw()).isEqualTo(100);
        assertThat(interval.parse(" 15 ").raw()).isEqualTo(15_000);
        assertThat(interval.parse("0.0001").error()).contains("millisecond");
        assertThat(interval.parse("301").error()).contains("Must be 0.01–300 s");
        assertThat(ParameterSpec.AUTOMATIC_FALLBACK_DELAY.format(90_000)).isEqualTo("1.5");
        assertThat(ParameterSpec.ADMIN_PORT.editable()).isFalse();
    }

    @Test
    void loadsValidatesInlineAndShowsTheAgentsErrors() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            ConfigViewModel vm = f.vm.config();
            f.until(() -> vm.loadedProperty().get());
            assertThat(vm.nameProperty().get()).isEqualTo(Statuses.GROUP);
            assertThat(vm.paramProperty(ParameterSpec.HEARTBEAT_TIMEOUT).get()).isEqualTo("60");
            assertThat(vm.paramProperty(ParameterSpec.AUTOMATIC_FALLBACK_DELAY).get()).isEqualTo("30");

            vm.nameProperty().set("bad name");
            assertThat(vm.nameErrorProperty().get()).contains("Only letters");
            assertThat(vm.groupValidBinding().get()).isFalse();
            vm.nameProperty().set("prg-osaka");
            assertThat(vm.groupValidBinding().get()).isTrue();

            vm.paramProperty(ParameterSpec.HEARTBEAT_TIMEOUT).set("10");
            vm.paramProperty(ParameterSpec.HEARTBEAT_INTERVAL).set("15");
            assertThat(vm.paramsErrorProperty().get()).contains("longer than the heartbeat interval");
            vm.paramProperty(ParameterSpec.HEARTBEAT_INTERVAL).set("x");
            assertThat(vm.paramErrorProperty(ParameterSpec.HEARTBEAT_INTERVAL).get()).contains("Enter a number");
            assertThat(vm.paramsValidBinding().get()).isFalse();
            vm.resetParametersToDefaults();
            assertThat(vm.paramsValidBinding().get()).isTrue();

            f.agent.failNext("UpdateGroup", Status.INVALID_ARGUMENT.withDescription("group prg-osaka already exists"));
            vm.applyGroup();
            f.until(() -> !vm.groupAgentErrorProperty().get().isEmpty());
            assertThat(vm.groupAgentErrorProperty().get())
                    .isEqualTo("Saving the group refused: the agent rejected the input: group prg-osaka already exists");
            assertThat(vm.rawErrorProperty().get()).as("the raw detail, one click away")
                    .isEqualTo("INVALID_ARGUMENT: group prg-osaka already exists");

            vm.applyGroup();
            f.until(() -> vm.messageProperty().get().contains("saved"));
            assertThat(vm.groupAgentErrorProperty().get()).isEmpty();
            assertThat(f.agent.calls()).contains("UpdateGroup");
        }
    }
}
