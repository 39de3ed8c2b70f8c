package org.cairn.http.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Study Instance UID a request names, for the access audit: the segment after {@code studies} in the path
 * (DICOMweb {@code /studies/{uid}/...} under any prefix, Cairn's REST API alike), else a query parameter that names
 * one (WADO-URI {@code studyUID}, QIDO-RS {@code StudyInstanceUID} or {@code 0020000D}).
 */
final class StudyUidInRequest {
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Set<String> PARAMETERS = Set.of("studyuid", "studyinstanceuid", "0020000d");

    private StudyUidInRequest() {
    }

    static Optional<String> find(String path, Optional<String> rawQuery) {
        String[] segments = path.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            if (segments[i].equals("studies") && isUid(segments[i + 1])) {
                return Optional.of(segments[i + 1]);
            }
        }
        if (rawQuery.isPresent()) {
            for (String pair : rawQuery.get().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && PARAMETERS.contains(pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT))) {
                    String value = decode(pair.substring(eq + 1));
                    if (isUid(value)) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isUid(String value) {
        return value.length() <= 64 && UID.matcher(value).matches();
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
