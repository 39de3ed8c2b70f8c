package org.cairn.http.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RSA public keys from PEM, with the JDK alone: {@code PUBLIC KEY} blocks (X.509 SubjectPublicKeyInfo, what
 * {@code openssl rsa -pubout} and Keycloak's realm "Public key" give, the latter without the armour) and
 * {@code CERTIFICATE} blocks (the key of the certificate).
 */
final class PemPublicKeys {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemPublicKeys() {
    }

    /**
     * The keys of one configured entry: PEM text (one or more blocks), the bare Base64 of a public key, or the path of
     * a file holding PEM. A malformed entry is an IllegalArgumentException that says which.
     */
    static List<RSAPublicKey> parse(String entry) {
        String text = entry.strip();
        if (!text.startsWith("-----BEGIN") && !looksLikeBase64(text)) {
            try {
                text = Files.readString(Path.of(text), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the PEM public key file " + entry + ": " + e.getMessage());
            }
        }
        List<RSAPublicKey> keys = new ArrayList<>();
        if (!text.contains("-----BEGIN")) {
            keys.add(rsa(publicKey(base64(text, entry)), entry));
            return keys;
        }
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            byte[] der = base64(m.group(2), entry);
            switch (m.group(1)) {
                case "PUBLIC KEY" -> keys.add(rsa(publicKey(der), entry));
                case "CERTIFICATE" -> keys.add(rsa(certificateKey(der, entry), entry));
                default -> throw new IllegalArgumentException("PEM " + m.group(1) + " is not supported (PUBLIC KEY or"
                    + " CERTIFICATE; convert an RSA PUBLIC KEY with openssl rsa -RSAPublicKey_in -pubout)");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM block in the public key " + abbreviate(entry));
        }
        return keys;
    }

    private static boolean looksLikeBase64(String text) {
        return text.length() > 100 && text.replaceAll("\\s", "").matches("[A-Za-z0-9+/=]+");
    }

    private static byte[] base64(String text, String entry) {
        try {
            return Base64.getMimeDecoder().decode(text.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the public key " + abbreviate(entry) + " is not valid Base64");
        }
    }

    private static PublicKey publicKey(byte[] der) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage());
        }
    }

    private static PublicKey certificateKey(byte[] der, String entry) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                .getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate in " + abbreviate(entry) + ": " + e.getMessage());
        }
    }

    private static RSAPublicKey rsa(PublicKey key, String entry) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("the RSA key in " + abbreviate(entry) + " is shorter than 2048 bits");
            }
            return rsa;
        }
        throw new IllegalArgumentException("the key in " + abbreviate(entry) + " is " + key.getAlgorithm() + ", not RSA");
    }

    private static String abbreviate(String entry) {
        String line = entry.strip().replaceAll("\\s+", " ");
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
