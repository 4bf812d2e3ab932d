package dev.tandem.agent.security.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.peer.v1.SharedConfig;
import dev.tandem.proto.peer.v1.StoredUser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerMessageRulesTest {
    static final long NOW = 1_800_000_000_000L;
    static final ServiceParameters PARAMS = ServiceParameters.newBuilder().setHeartbeatIntervalMs(15_000)
            .setHeartbeatTimeoutMs(60_000).setInitializationHeartbeatTimeoutMs(120_000).setCriticalServiceDownDelayMs(90_000)
            .setAutomaticFallbackDelayMs(1_800_000).setReloginLowerLimitMs(120_000).setReloginUpperLimitMs(537_000).build();
    static final GroupConfiguration CONFIG = GroupConfiguration.newBuilder().setGroup("prg1").addNodes("node-a")
            .addNodes("node-b").setHaEnabled(true).setParameters(PARAMS).setUserAssignmentMode(UserAssignmentMode.BALANCED).build();
    static final SharedConfig OURS = SharedConfig.newBuilder().setRevision(NOW - 1000).setConfiguration(CONFIG).build();

    static SharedConfig theirs(long rev, GroupConfiguration c) {
        return SharedConfig.newBuilder().setRevision(rev).setConfiguration(c).build();
    }

    @Test
    void aSaneNewerConfigurationPasses() {
        assertThat(PeerMessageRules.configurationProblems(theirs(NOW + 5, CONFIG.toBuilder().setHaEnabled(false).build()), OURS, NOW))
                .isEmpty();
    }

    @Test
    void theOnePacketOutageOfIssue9IsRefused() {
        // revision 2^63-1, HA off, heartbeat interval 0, a 1,000-character group name
        GroupConfiguration evil = CONFIG.toBuilder().setHaEnabled(false).setGroup("g".repeat(1000))
                .setParameters(PARAMS.toBuilder().setHeartbeatIntervalMs(0)).build();
        List<String> p = PeerMessageRules.configurationProblems(theirs(Long.MAX_VALUE, evil), OURS, NOW);
        assertThat(p).anyMatch(s -> s.contains("revision")).anyMatch(s -> s.contains("group name"))
                .anyMatch(s -> s.contains("heartbeat interval"));
        assertThat(String.join(" ", p)).hasSizeLessThan(1000);
    }

    @Test
    void revisionBoundsAndOtherNodesAreRefused() {
        assertThat(PeerMessageRules.configurationProblems(theirs(NOW + 2 * 86_400_000L, CONFIG), OURS, NOW)).hasSize(1);
        assertThat(PeerMessageRules.configurationProblems(theirs(-1, CONFIG), OURS, NOW)).hasSize(1);
        assertThat(PeerMessageRules.configurationProblems(theirs(NOW, CONFIG.toBuilder().clearNodes()
                .addNodes("node-a").addNodes("evil").build()), OURS, NOW)).singleElement().asString().contains("evil");
        assertThat(PeerMessageRules.configurationProblems(theirs(NOW, CONFIG.toBuilder()
                .setUserAssignmentModeValue(99).build()), OURS, NOW)).hasSize(1);
        // our own revision near the top does not overflow the bound
        SharedConfig high = OURS.toBuilder().setRevision(Long.MAX_VALUE - 5).build();
        assertThat(PeerMessageRules.configurationProblems(theirs(Long.MAX_VALUE, CONFIG), high, NOW)).isEmpty();
    }

    @Test
    void aReplicatedRemovalNeedsAWellFormedIdAndAVersionNotNegative() {
        List<String> nodes = List.of("node-a", "node-b");
        var ok = dev.tandem.proto.peer.v1.UserRemoved.newBuilder().setUserId("u1").setVersion(7).build();
        var change = dev.tandem.proto.peer.v1.StoreChange.newBuilder();
        assertThat(PeerMessageRules.changeProblems(change.setRemoved(ok).build(), nodes)).isEmpty();
        assertThat(PeerMessageRules.changeProblems(change.setRemoved(ok.toBuilder().setVersion(0)).build(), nodes))
                .as("an older sender's").isEmpty();
        assertThat(PeerMessageRules.changeProblems(change.setRemoved(ok.toBuilder().setVersion(-3)).build(), nodes))
                .singleElement().asString().contains("negative version -3");
        assertThat(PeerMessageRules.changeProblems(change.setRemoved(ok.toBuilder().setUserId("")).build(), nodes))
                .singleElement().asString().contains("not well-formed");
    }

    @Test
    void replicatedUsersMustBeWellFormedAndOfTheGroup() {
        List<String> nodes = List.of("node-a", "node-b");
        StoredUser ok = StoredUser.newBuilder().setUserId("u1").setHomeNode("node-a").setServingNode("node-b").build();
        assertThat(PeerMessageRules.userProblems(List.of(ok), nodes)).isEmpty();
        assertThat(PeerMessageRules.userProblems(List.of(ok.toBuilder().setUserId("x".repeat(5000)).build()), nodes))
                .singleElement().asString().contains("5000 characters");
        assertThat(PeerMessageRules.userProblems(List.of(ok.toBuilder().setHomeNode("node-z").build()), nodes))
                .singleElement().asString().contains("node-z");
        assertThat(PeerMessageRules.nodeProblems("node-c", nodes)).hasSize(1);
    }
}
