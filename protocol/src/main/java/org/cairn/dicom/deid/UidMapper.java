package org.cairn.dicom.deid;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cairn.dicom.Uids;

/**
 * Replaces UIDs for one de-identification job (action U of PS3.15 Table E.1-1): the new UID is "2.25." followed by
 * a number taken from HMAC-SHA256 of the original UID under the job's secret. So the same original UID always gives
 * the same new UID within the job, in every instance and on every node that holds the secret (Study, Series,
 * Frame of Reference and referenced SOP Instance UIDs stay coherent across the study), while another job gets other
 * UIDs and nobody without the secret can go back or even test a guess.
 *
 * <p>The 128 bits are those of a version 8 (custom) UUID made of the first 122 bits of the HMAC, so the result is a
 * UUID-derived UID as PS3.5 B.2 describes, at most 44 characters. UIDs registered by DICOM itself (under
 * {@code 1.2.840.10008.}, e.g. the well-known Frames of Reference) identify nobody and are kept.
 *
 * <p>The secret must stay with the job (to rerun it with the same result) and never travel with the data.
 * Thread-safe.
 */
public final class UidMapper {

    /** The root of UIDs defined by the DICOM Standard itself. */
    public static final String DICOM_ROOT = "1.2.840.10008.";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final Mac mac;

    private UidMapper(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a UID mapping secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.secret = secret.clone();
        try {
            this.mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(this.secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no " + ALGORITHM, e);
        }
    }

    /** A mapper with a fresh random 256-bit secret: one per de-identification job. */
    public static UidMapper newJob() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new UidMapper(secret);
    }

    /** A mapper with a given secret (at least 16 bytes), e.g. the one a job stored to be resumed elsewhere. */
    public static UidMapper withSecret(byte[] secret) {
        return new UidMapper(secret);
    }

    /** A copy of the secret, for the job to keep with its state. */
    public byte[] secret() {
        return secret.clone();
    }

    /** The replacement of {@code uid}; DICOM-registered UIDs and empty strings are returned unchanged. */
    public String map(String uid) {
        if (uid.isEmpty() || uid.startsWith(DICOM_ROOT)) {
            return uid;
        }
        byte[] hash;
        synchronized (mac) {
            hash = mac.doFinal(uid.getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bits = Arrays.copyOf(hash, 16);
        bits[6] = (byte) ((bits[6] & 0x0F) | 0x80); // version 8: custom (RFC 9562 5.8)
        bits[8] = (byte) ((bits[8] & 0x3F) | 0x80); // variant 10
        ByteBuffer buffer = ByteBuffer.wrap(bits);
        return Uids.fromUuid(new UUID(buffer.getLong(), buffer.getLong()));
    }
}
