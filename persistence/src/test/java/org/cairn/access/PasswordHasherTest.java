package org.cairn.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void theEncodingNamesSchemeAndCountAndTheSaltDiffersEachTime() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertThat(first).matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(first).isNotEqualTo(second);
        assertThat(first).doesNotContain("same password");
    }

    @Test
    void aHashVerifiesWithTheCountItWasMadeWith() {
        String old = hasher.hash("an older password");
        PasswordHasher stronger = new PasswordHasher(20_000);
        assertThat(stronger.verify("an older password", old)).isTrue();
        assertThat(stronger.hash("x".repeat(12))).startsWith("pbkdf2-sha256$20000$");
    }

    @Test
    void theOwaspCountIsTheDefaultAndRoundTrips() {
        PasswordHasher owasp = new PasswordHasher(PasswordHasher.OWASP_ITERATIONS);
        String hash = owasp.hash("a long passphrase");
        assertThat(hash).startsWith("pbkdf2-sha256$600000$");
        assertThat(owasp.verify("a long passphrase", hash)).isTrue();
    }

    @Test
    void malformedEncodingsNeverVerify() {
        String good = hasher.hash("password 1234");
        String[] parts = good.split("\\$");
        assertThat(hasher.verify("password 1234", null)).isFalse();
        assertThat(hasher.verify("password 1234", "")).isFalse();
        assertThat(hasher.verify("password 1234", "password 1234")).isFalse();
        assertThat(hasher.verify("password 1234", "md5$" + parts[1] + "$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.verify("password 1234", parts[0] + "$many$" + parts[2] + "$" + parts[3])).isFalse();
        assertThat(hasher.verify("password 1234", parts[0] + "$" + parts[1] + "$!!$" + parts[3])).isFalse();
        assertThat(hasher.verify("password 1234", parts[0] + "$999999999$" + parts[2] + "$" + parts[3]))
            .as("an absurd stored count is not honoured").isFalse();
        assertThat(hasher.verifyNobody("password 1234")).isFalse();
    }

    @Test
    void tooFewIterationsAreRefused() {
        assertThatThrownBy(() -> new PasswordHasher(1000)).hasMessageContaining("from 10000");
    }

    @Test
    void thePolicyAsksForLengthOnly() {
        PasswordPolicy policy = new PasswordPolicy(12);
        assertThat(policy.problem("short")).hasValueSatisfying(p -> assertThat(p).contains("12"));
        assertThat(policy.problem("            ")).hasValueSatisfying(p -> assertThat(p).contains("spaces"));
        assertThat(policy.problem("twelve chars")).isEmpty();
        assertThat(policy.problem("x".repeat(PasswordPolicy.MAX_LENGTH + 1))).isPresent();
        assertThatThrownBy(() -> new PasswordPolicy(4)).hasMessageContaining("from 8");
    }
}
