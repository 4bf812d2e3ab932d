package dev.tandem.agent.security.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretHasherTest {
    private final SecretHasher hasher = new SecretHasher(1000);

    @Test
    void verifiesTheRightSecretOnlyAndSaltsEachHash() {
        String secret = SecretHasher.generate();
        String stored = hasher.hash(secret);
        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain(secret);
        assertThat(SecretHasher.verify(secret, stored)).isTrue();
        assertThat(SecretHasher.verify(secret + "x", stored)).isFalse();
        assertThat(hasher.hash(secret)).isNotEqualTo(stored);
    }

    @Test
    void malformedStoredValuesAndBadSecretsNeverVerify() {
        String s = "correct-horse";
        assertThat(SecretHasher.verify(s, "plain")).isFalse();
        assertThat(SecretHasher.verify(s, "pbkdf2-sha256$99999999999$AA$AA")).isFalse();
        assertThat(SecretHasher.verify(s, "pbkdf2-sha256$1000$!!$AA")).isFalse();
        assertThat(SecretHasher.verify("x".repeat(1_000_000), hasher.hash(s))).isFalse();
        assertThat(SecretHasher.verify(null, hasher.hash(s))).isFalse();
        assertThatThrownBy(() -> hasher.hash("short")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SecretHasher.generate()).hasSize(22);
    }
}
