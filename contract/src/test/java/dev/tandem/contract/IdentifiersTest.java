package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void nodeNames() {
        assertThat(Identifiers.nodeNameProblem("imp-node-1.example_2")).isEmpty();
        assertThat(Identifiers.nodeNameProblem("x".repeat(128))).isEmpty();
        assertThat(Identifiers.nodeNameProblem("x".repeat(129))).hasValueSatisfying(p -> assertThat(p).contains("(129 characters)"));
        assertThat(Identifiers.nodeNameProblem("node a")).hasValueSatisfying(p -> assertThat(p).startsWith("'node a' is not a node name"));
        assertThat(Identifiers.nodeNameProblem("")).contains("a node name is required");
        assertThat(Identifiers.isNodeName(null)).isFalse();
    }

    @Test
    void userIds() {
        assertThat(Identifiers.userIdProblem("alice@example.com")).isEmpty();
        assertThat(Identifiers.userIdProblem("user0001")).isEmpty();
        assertThat(Identifiers.userIdProblem(".alice")).isPresent();
        assertThat(Identifiers.userIdProblem("al ice")).isPresent();
        assertThat(Identifiers.userIdProblem("a".repeat(128))).isEmpty();
        assertThat(Identifiers.userIdProblem("a".repeat(129))).isPresent();
        assertThat(Identifiers.userIdProblem(null)).contains("a user id is required");
    }

    @Test
    void aSentenceQuotesOnlyAShortPrefixAndNoControlCharacters() {
        String megabyte = "m".repeat(1024 * 1024);
        String p = Identifiers.userIdProblem(megabyte + " ").orElseThrow();
        assertThat(p).hasSizeLessThan(200).contains("'" + "m".repeat(32) + "…'").contains("(1048577 characters)");
        assertThat(Identifiers.quote("a\nb")).isEqualTo("'a?b'");
        assertThat(Identifiers.quote("x".repeat(32))).isEqualTo("'" + "x".repeat(32) + "'");
    }
}
