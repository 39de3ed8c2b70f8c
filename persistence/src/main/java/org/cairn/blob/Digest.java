package org.cairn.blob;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A blob's name: the SHA-256 of its bytes, as 64 lower-case hex digits. */
public record Digest(String hex) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !SHA256.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a SHA-256 digest: " + hex);
        }
    }

    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    /** A fresh SHA-256 hasher, for the bytes a digest will name. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "sha256:" + hex;
    }
}
