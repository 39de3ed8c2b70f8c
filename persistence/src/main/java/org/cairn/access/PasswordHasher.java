package org.cairn.access;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with the JDK's PBKDF2WithHmacSHA256: a random 16-byte salt per password, a 32-byte hash, and an
 * encoded form that names its own scheme and iteration count ({@code pbkdf2-sha256$600000$<salt>$<hash>}, Base64
 * without padding), so that a later, higher count applies to new passwords while old ones still verify. Comparison
 * is constant-time.
 *
 * <p>600,000 iterations is OWASP's figure for PBKDF2-HMAC-SHA256 (Password Storage Cheat Sheet); it costs on the
 * order of 100 ms of CPU per verification, which is why the HTTP layer caches successful verifications.
 */
public final class PasswordHasher {
    /** OWASP's recommended iteration count for PBKDF2-HMAC-SHA256. */
    public static final int OWASP_ITERATIONS = 600_000;
    /** Below this a stolen hash is cheap to attack: refused, so a typo in the configuration cannot weaken every hash. */
    public static final int MIN_ITERATIONS = 10_000;
    /** Above this one verification takes seconds: a stored count past it is taken as corrupt, not honoured. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** Verified against when the user is unknown, so that an unknown name takes as long as a wrong password. */
    private final String decoy;

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be from " + MIN_ITERATIONS + " to "
                + MAX_ITERATIONS + ", not " + iterations);
        }
        this.iterations = iterations;
        this.decoy = hash(Long.toString(random.nextLong()));
    }

    public int iterations() {
        return iterations;
    }

    /** The encoded hash of {@code password} with a new random salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$"
            + ENCODER.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** Whether {@code password} is the one {@code encoded} was made from; false for a malformed encoding. */
    public boolean verify(String password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        int count;
        byte[] salt;
        byte[] expected;
        try {
            count = Integer.parseInt(parts[1]);
            salt = DECODER.decode(parts[2]);
            expected = DECODER.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (count < 1 || count > MAX_ITERATIONS || salt.length == 0 || expected.length == 0 || expected.length > 64) {
            return false;
        }
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, count, expected.length * 8));
    }

    /** Spends the time of one verification and returns false: for a name that has no user. */
    public boolean verifyNobody(String password) {
        verify(password, decoy);
        return false;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        return pbkdf2(password, salt, iterations, HASH_BYTES * 8);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
        }
    }
}
