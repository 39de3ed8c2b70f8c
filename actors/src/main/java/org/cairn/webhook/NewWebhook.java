package org.cairn.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A subscription as asked for, validated: an absolute http or https URL, the public event types wanted (empty: all),
 * the signing secret, an optional description, and where in the feed to start: {@code from} empty for the feed's
 * latest event (only what happens from now on), or a seq to deliver the events after it ({@code 0}: the whole feed).
 */
public record NewWebhook(URI url, Set<String> eventTypes, String secret, String description, OptionalLong from) {
    /** What the {@code webhook_subscription} columns hold. */
    static final int MAX_URL = 2048;
    static final int MAX_TYPES = 2048;
    static final int MAX_DESCRIPTION = 512;
    static final int MAX_SECRET = 256;
    /** Short secrets can be guessed offline from one signed request. */
    static final int MIN_SECRET = 16;
    /** A type as the feed's {@code type} column holds it, and never the separator of the stored list. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}");
    static final String LATEST = "latest";

    public NewWebhook {
        eventTypes = Set.copyOf(eventTypes);
    }

    /**
     * Validates a request as the REST API receives it. {@code types} may be null (all); {@code knownTypes}, when not
     * empty, is every public type there is, and a type outside it is refused. {@code from} is null or
     * {@value #LATEST} for the latest event, or a seq of 0 or more. An IllegalArgumentException says what is wrong.
     */
    public static NewWebhook of(String url, Collection<String> types, String secret, String description, String from,
                                Set<String> knownTypes) {
        return new NewWebhook(url(url), types(types, knownTypes), secret(secret), description(description), from(from));
    }

    /** The stored form of the types: sorted, comma-separated, empty for all. */
    static String joinTypes(Set<String> types) {
        return String.join(",", new TreeSet<>(types));
    }

    static Set<String> splitTypes(String joined) {
        return joined == null || joined.isEmpty() ? Set.of() : Set.of(joined.split(","));
    }

    private static URI url(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        if (text.length() > MAX_URL) {
            throw new IllegalArgumentException("url is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("url must be an absolute http or https URL, not " + text);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url has no host: " + text);
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URL would be shown to every admin listing subscriptions; the signature is the proof.
            throw new IllegalArgumentException("url must not hold credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a fragment");
        }
        return uri;
    }

    private static Set<String> types(Collection<String> types, Set<String> knownTypes) {
        if (types == null) {
            return Set.of();
        }
        Set<String> result = new TreeSet<>();
        for (String type : types) {
            if (type == null || !TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("event type " + (type == null ? "null" : "\"" + type + "\"")
                    + " is not a type name");
            }
            if (!knownTypes.isEmpty() && !knownTypes.contains(type)) {
                throw new IllegalArgumentException("no event type " + type + "; the types are "
                    + new TreeSet<>(knownTypes));
            }
            result.add(type);
        }
        if (joinTypes(result).length() > MAX_TYPES) {
            throw new IllegalArgumentException("the event types are longer than " + MAX_TYPES + " characters together");
        }
        return result;
    }

    private static String secret(String secret) {
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw new IllegalArgumentException("secret must be from " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        return secret;
    }

    private static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is longer than " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    private static OptionalLong from(String from) {
        if (from == null || from.strip().equalsIgnoreCase(LATEST)) {
            return OptionalLong.empty();
        }
        try {
            long seq = Long.parseLong(from.strip());
            if (seq >= 0) {
                return OptionalLong.of(seq);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("from must be \"latest\" or a seq of 0 or more, not " + from);
    }
}
