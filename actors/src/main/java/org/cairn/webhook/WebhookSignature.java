package org.cairn.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.cairn.events.FeedEvent;

/**
 * How a webhook request proves it comes from Cairn, and how a receiver checks it.
 *
 * <p>{@value #SIGNATURE}: {@code t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>}, the body
 * being the UTF-8 bytes sent. The timestamp is inside the signed text so a captured request cannot be replayed
 * later than the receiver's tolerance; the receiver should also drop an {@value #EVENT_ID} it has seen (delivery is
 * at least once). A receiver accepts any {@code v1} entry that matches, so several may be sent while a secret is
 * rotated.
 */
public final class WebhookSignature {
    public static final String SIGNATURE = "Cairn-Signature";
    public static final String EVENT_ID = "Cairn-Event-Id";
    public static final String EVENT_TYPE = "Cairn-Event-Type";
    public static final String EVENT_SEQ = "Cairn-Event-Seq";
    public static final String DELIVERY_ATTEMPT = "Cairn-Delivery-Attempt";

    private static final String HMAC = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE} value for {@code body} signed with {@code secret} at {@code time}. */
    public static String sign(String secret, Instant time, String body) {
        long t = time.getEpochSecond();
        return "t=" + t + ",v1=" + HEX.formatHex(hmac(secret, t + "." + body));
    }

    /**
     * Every header of one delivery attempt (1 for the first) of {@code event}, whose CloudEvents id is
     * {@code eventId}, signed at {@code now}; in a fixed order.
     */
    public static Map<String, String> headers(String secret, FeedEvent event, String eventId, int attempt,
                                              Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIGNATURE, sign(secret, now, event.json()));
        headers.put(EVENT_ID, eventId);
        headers.put(EVENT_TYPE, event.type());
        headers.put(EVENT_SEQ, Long.toString(event.seq()));
        headers.put(DELIVERY_ATTEMPT, Integer.toString(attempt));
        return headers;
    }

    /**
     * For receivers: whether {@code header} (a {@value #SIGNATURE} value) signs {@code body} with {@code secret} and
     * its timestamp is within {@code tolerance} of {@code now} either way. A malformed header is simply not valid.
     */
    public static boolean verify(String secret, String header, String body, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        List<byte[]> candidates = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            try {
                if (key.equals("t")) {
                    t = Long.parseLong(value);
                } else if (key.equals("v1")) {
                    candidates.add(HEX.parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t == null || candidates.isEmpty()
            || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, t + "." + body);
        boolean valid = false;
        for (byte[] candidate : candidates) {
            // No early exit: every candidate is compared in constant time.
            valid |= MessageDigest.isEqual(expected, candidate);
        }
        return valid;
    }

    private static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
