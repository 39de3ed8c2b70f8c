package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The UID syntax of PS3.5 9.1 and UIDs made from UUIDs (PS3.5 B.2). */
class UidsTest {

    @Test
    void uidsFromUuids() {
        assertThat(Uids.fromUuid(new UUID(0, 1))).isEqualTo("2.25.1");
        assertThat(Uids.fromUuid(new UUID(-1, -1))).isEqualTo("2.25.340282366920938463463374607431768211455");
        assertThat(Uids.fromUuid(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")))
            .isEqualTo("2.25.329800735698586629295641978511506172918");
        String random = Uids.random();
        assertThat(random).matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64);
        assertThat(Uids.isValid(random)).isTrue();
        assertThat(Uids.random()).isNotEqualTo(random);
    }

    @Test
    void syntax() {
        assertThat(Uids.isValid("1.2.840.10008.1.2")).isTrue();
        assertThat(Uids.isValid("1.2.03")).isFalse();
        assertThat(Uids.isValid("1..2")).isFalse();
        assertThat(Uids.isValid("1.2.a")).isFalse();
        assertThat(Uids.isValid("1." + "2".repeat(63))).isFalse();
    }
}
