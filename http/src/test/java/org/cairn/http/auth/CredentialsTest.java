package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicIsSplitAtTheFirstColonAndReadAsUtf8() {
        assertThat(Credentials.parse(Optional.of(basic("jane:pa:ss wörd"))))
            .isEqualTo(new Credentials.Basic("jane", "pa:ss wörd"));
        assertThat(Credentials.parse(Optional.of("basic " + basic("a:b").substring(6))))
            .as("the scheme in any case").isEqualTo(new Credentials.Basic("a", "b"));
        assertThat(Credentials.parse(Optional.of(basic("jane:secret"))).toString()).doesNotContain("secret");
    }

    @Test
    void bearerCarriesTheToken() {
        assertThat(Credentials.parse(Optional.of("Bearer abc.def.ghi"))).isEqualTo(new Credentials.Bearer("abc.def.ghi"));
        assertThat(Credentials.parse(Optional.of("Bearer abc.def.ghi")).toString()).doesNotContain("abc");
    }

    @Test
    void anythingElseIsMalformedOrNone() {
        assertThat(Credentials.parse(Optional.empty())).isEqualTo(new Credentials.None());
        assertThat(Credentials.parse(Optional.of("Basic !!!"))).isInstanceOf(Credentials.Malformed.class);
        assertThat(Credentials.parse(Optional.of(basic("no-colon")))).isInstanceOf(Credentials.Malformed.class);
        assertThat(Credentials.parse(Optional.of(basic(":no-name")))).isInstanceOf(Credentials.Malformed.class);
        assertThat(Credentials.parse(Optional.of("Bearer"))).isInstanceOf(Credentials.Malformed.class);
        assertThat(Credentials.parse(Optional.of("Bearer a b"))).isInstanceOf(Credentials.Malformed.class);
        assertThat(Credentials.parse(Optional.of("Digest username=x"))).isInstanceOf(Credentials.Malformed.class);
    }
}
