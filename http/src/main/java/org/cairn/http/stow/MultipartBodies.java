package org.cairn.http.stow;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.event.NoLogging;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.unmarshalling.MultipartUnmarshallers$;
import org.apache.pekko.stream.Materializer;

/**
 * Multipart request bodies read part by part as they arrive: Pekko HTTP's general multipart unmarshaller (any
 * {@code multipart/*}; the Java API has one for form data only) streams each part's bytes, and a part the consumer
 * leaves unread is drained, so the next one follows. The entity's size limit is lifted: each part is limited by the
 * ingest instead, and a request may carry a whole study.
 */
final class MultipartBodies {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Unmarshaller<HttpEntity, Multipart.General> GENERAL = (Unmarshaller) Unmarshaller.fromScala(
        (org.apache.pekko.http.scaladsl.unmarshalling.Unmarshaller) MultipartUnmarshallers$.MODULE$
            .defaultMultipartGeneralUnmarshaller(NoLogging.getInstance(), null));

    private MultipartBodies() {
    }

    /** The parts of a multipart entity, streamed; fails when the entity is not multipart or has no boundary. */
    static CompletionStage<Multipart.General> parts(HttpEntity entity, Materializer materializer) {
        return GENERAL.unmarshal(entity.withoutSizeLimit(), materializer);
    }

    /** A media type parameter ("type", "boundary"), unquoted, if the content type has it. */
    static Optional<String> parameter(ContentType contentType, String name) {
        if (contentType.mediaType() instanceof org.apache.pekko.http.scaladsl.model.MediaType media) {
            scala.Option<String> value = media.params().get(name);
            if (value.isEmpty()) {
                value = media.params().get(name.toLowerCase(Locale.ROOT));
            }
            return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
        }
        return Optional.empty();
    }

    /** "type/subtype" in lower case, without parameters. */
    static String mediaType(ContentType contentType) {
        return (contentType.mediaType().mainType() + "/" + contentType.mediaType().subType()).toLowerCase(Locale.ROOT);
    }
}
