package org.cairn.http.wado;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A {@code multipart/related} body (RFC 2387) framed by hand around streamed parts: each part's content is a
 * Source materialised only when the previous part has been sent, so neither a study nor an instance is ever held
 * in memory. The Content-Type is built with {@link MediaTypes#customMultipart}, which carries the {@code type}
 * and {@code boundary} parameters (the predefined multipart/related has none, and customBinary refuses
 * "multipart").
 */
final class MultipartRelated {
    private static final ByteString CRLF = ByteString.fromString("\r\n");

    /** One part: its Content-Type header value and its bytes, produced on demand. */
    record Part(String contentType, String contentLocation, Source<ByteString, ?> content) {
    }

    private MultipartRelated() {
    }

    static String newBoundary() {
        return "cairn-" + UUID.randomUUID();
    }

    /** {@code multipart/related; type="<rootType>"; boundary=<boundary>}. */
    static ContentType contentType(String rootType, String boundary) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("type", rootType);
        parameters.put("boundary", boundary);
        return ContentTypes.create(MediaTypes.customMultipart("related", parameters));
    }

    /** A chunked entity of the parts, in order, closed by the final boundary. */
    static HttpEntity.Chunked entity(String rootType, Source<Part, NotUsed> parts) {
        String boundary = newBoundary();
        return HttpEntities.create(contentType(rootType, boundary), body(boundary, parts));
    }

    static Source<ByteString, NotUsed> body(String boundary, Source<Part, NotUsed> parts) {
        ByteString close = ByteString.fromString("--" + boundary + "--\r\n");
        return parts.flatMapConcat(part -> Source.single(header(boundary, part))
                .concat(part.content().mapMaterializedValue(m -> NotUsed.getInstance()))
                .concat(Source.single(CRLF)))
            .concat(Source.single(close));
    }

    private static ByteString header(String boundary, Part part) {
        StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n")
            .append("Content-Type: ").append(part.contentType()).append("\r\n");
        if (part.contentLocation() != null) {
            h.append("Content-Location: ").append(part.contentLocation()).append("\r\n");
        }
        return ByteString.fromArray(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    }
}
