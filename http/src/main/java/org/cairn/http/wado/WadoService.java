package org.cairn.http.wado;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.Tags;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.pixel.ElementLocation;
import org.cairn.dicom.pixel.ElementLocator;
import org.cairn.dicom.pixel.ImageEncoding;
import org.cairn.dicom.pixel.InstancePixels;
import org.cairn.dicom.pixel.NoPixelDataException;
import org.cairn.dicom.pixel.PixelDescription;
import org.cairn.dicom.pixel.PixelFrames;
import org.cairn.dicom.pixel.RenderOptions;
import org.cairn.dicom.pixel.UnsupportedPixelDataException;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;

/**
 * What WADO-RS and WADO-URI do, independent of how their URLs look: each operation looks the instances up in the
 * views and answers from them (metadata) or from the files that {@link InstanceFiles} opens (everything else).
 * Database reads, file headers and rendering run on the blocking executor; file bytes stream on Pekko's blocking
 * I/O dispatcher, part by part.
 */
final class WadoService {
    static final String DICOM = "application/dicom";
    static final ContentType DICOM_JSON = ContentTypes.create(
        MediaTypes.applicationWithFixedCharset("dicom+json", HttpCharsets.UTF_8));
    static final ContentType DICOM_FILE = ContentTypes.create(
        MediaTypes.customBinary("application", "dicom", false));
    private static final int CHUNK = 64 * 1024;
    private static final long BULK_HEADER_LIMIT = 64 * 1024;

    private final DataSource views;
    private final InstanceFiles files;
    private final Executor blocking;
    private final DicomwebSettings settings;
    private final MetadataCache seriesMetadata = new MetadataCache(256, 64L << 20);

    WadoService(DataSource views, InstanceFiles files, Executor blocking, DicomwebSettings settings) {
        this.views = views;
        this.files = files;
        this.blocking = blocking;
        this.settings = settings;
    }

    DicomwebSettings settings() {
        return settings;
    }

    /** Runs {@code work} on the blocking executor; a failure becomes an error response with a clear message. */
    CompletionStage<HttpResponse> async(Work work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (Exception e) {
                return error(e);
            }
        }, blocking);
    }

    @FunctionalInterface
    interface Work {
        HttpResponse run() throws Exception;
    }

    static HttpResponse error(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (e instanceof WadoException w) {
            return text(w.status(), w.getMessage());
        }
        if (e instanceof UnsupportedPixelDataException) {
            return text(StatusCodes.NOT_ACCEPTABLE, e.getMessage());
        }
        if (e instanceof NoPixelDataException) {
            return text(StatusCodes.NOT_FOUND, e.getMessage());
        }
        if (e instanceof DicomException) {
            return text(StatusCodes.INTERNAL_SERVER_ERROR, "the stored file is malformed: " + e.getMessage());
        }
        if (e instanceof FileNotFoundException) {
            return text(StatusCodes.INTERNAL_SERVER_ERROR, "the stored file is missing: " + e.getMessage());
        }
        return text(StatusCodes.INTERNAL_SERVER_ERROR, "retrieve failed: " + e);
    }

    static HttpResponse text(org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.TEXT_PLAIN_UTF8, message);
    }

    // ---- lookups

    List<RetrievableInstance> instances(InstanceCatalog.Scope scope) throws SQLException {
        List<RetrievableInstance> found;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            found = InstanceCatalog.instances(c, scope);
        }
        if (found.isEmpty()) {
            throw WadoException.notFound(scope.series() == null ? "no study " + scope.study()
                : "no " + scope.describe() + " in study " + scope.study());
        }
        return found;
    }

    RetrievableInstance instance(InstanceCatalog.Scope scope) throws SQLException {
        return instances(scope).get(0);
    }

    /** Whether the instance is an image, from its stored attributes (no file is opened to decide). */
    boolean isImage(RetrievableInstance instance) throws SQLException {
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            return !InstanceCatalog.images(c, List.of(instance.sopInstanceUid())).isEmpty();
        }
    }

    private InstancePixels pixels(RetrievableInstance instance) throws IOException {
        try (InputStream in = files.open(instance)) {
            return InstancePixels.locate(in);
        }
    }

    // ---- WADO-RS

    /** Study, series or instance as Part 10 files in a multipart/related response. */
    HttpResponse retrieve(InstanceCatalog.Scope scope, List<MediaRange> accept) throws SQLException {
        List<RetrievableInstance> found = instances(scope);
        Negotiation.dicom(accept, found.stream().map(RetrievableInstance::transferSyntaxUid)
            .collect(Collectors.toCollection(LinkedHashSet::new)));
        InstanceFiles study;
        List<Path> stored = new ArrayList<>(found.size());
        try {
            study = files.forStudy(scope.study());
            for (RetrievableInstance i : found) {
                Optional<Path> path = study.storedFile(i);
                if (path.isEmpty()) {
                    break;
                }
                stored.add(path.get());
            }
        } catch (IOException e) {
            throw new WadoException(StatusCodes.INTERNAL_SERVER_ERROR, "cannot open the study's files: " + e.getMessage());
        }
        String boundary = MultipartRelated.newBoundary();
        ContentType type = MultipartRelated.contentType(DICOM, boundary);
        Source<ByteString, NotUsed> body;
        if (stored.size() == found.size()) {
            List<List<Piece>> pieces = new ArrayList<>(found.size());
            long length = 0;
            try {
                for (int i = 0; i < found.size(); i++) {
                    List<Piece> part = pieces(boundary, found.get(i), stored.get(i));
                    pieces.add(part);
                    length += part.stream().mapToLong(p -> p.bytes() != null ? p.bytes().size() : p.length()).sum();
                }
            } catch (IOException e) {
                throw new WadoException(StatusCodes.INTERNAL_SERVER_ERROR, "cannot open the study's files: "
                    + e.getMessage());
            }
            ByteString close = ByteString.fromString("--" + boundary + "--\r\n");
            // the length is known: sent with Content-Length rather than chunked
            return HttpResponse.create().withEntity(HttpEntities.create(type, length + close.size(),
                storedFiles(pieces, close)));
        } else {
            InstanceFiles corrected = study;
            body = MultipartRelated.body(boundary, Source.from(found).map(i -> new MultipartRelated.Part(
                DICOM + "; transfer-syntax=" + i.transferSyntaxUid(), null,
                StreamConverters.fromInputStream(() -> corrected.open(i), CHUNK))));
        }
        return HttpResponse.create().withEntity(HttpEntities.create(type, body));
    }

    /**
     * Files served as stored, as one flat stream of pieces: each part's header, its file in ranges of at most
     * {@link #RANGE} bytes read ahead on the blocking pool ({@link #READ_AHEAD} at once, so memory stays bounded),
     * and the closing CRLF. One stream rather than a sub-stream per part: per-part streams and input-stream
     * adapters cost more CPU than the reading itself.
     */
    private Source<ByteString, NotUsed> storedFiles(List<List<Piece>> parts, ByteString close) {
        return Source.from(parts)
            .mapConcat(part -> part)
            .mapAsync(READ_AHEAD, piece -> piece.bytes() != null ? CompletableFuture.completedFuture(piece.bytes())
                : CompletableFuture.supplyAsync(() -> read(piece), blocking))
            .concat(Source.single(close));
    }

    private static final int RANGE = 1 << 20;
    private static final int READ_AHEAD = 3;

    /** A piece of the body: bytes already made, or a range of a file to read. */
    private record Piece(ByteString bytes, Path file, long offset, int length) {
    }

    private static List<Piece> pieces(String boundary, RetrievableInstance instance, Path file) throws IOException {
        long size = Files.size(file);
        List<Piece> pieces = new ArrayList<>((int) (size / RANGE) + 3);
        pieces.add(new Piece(ByteString.fromString("--" + boundary + "\r\nContent-Type: " + DICOM + "; transfer-syntax="
            + instance.transferSyntaxUid() + "\r\n\r\n"), null, 0, 0));
        for (long offset = 0; offset < size; offset += RANGE) {
            pieces.add(new Piece(null, file, offset, (int) Math.min(RANGE, size - offset)));
        }
        pieces.add(new Piece(ByteString.fromString("\r\n"), null, 0, 0));
        return pieces;
    }

    private static ByteString read(Piece piece) {
        byte[] bytes = new byte[piece.length()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel in = FileChannel.open(piece.file(), StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (in.read(buffer, piece.offset() + buffer.position()) < 0) {
                    throw new IOException(piece.file() + " ended before " + (piece.offset() + piece.length()) + " bytes");
                }
            }
        } catch (IOException e) {
            throw new CompletionException(e);
        }
        return ByteString.fromArrayUnsafe(bytes);
    }

    /** The file, streamed from {@link InstanceFiles} when the part is reached. */
    Source<ByteString, ?> fileSource(RetrievableInstance instance) {
        return StreamConverters.fromInputStream(() -> files.open(instance), CHUNK);
    }

    /**
     * The stored attributes of each instance as a DICOM JSON array, read from the views in batches as the response
     * is sent: no file is opened. Images get a BulkDataURI for their Pixel Data when so configured.
     */
    HttpResponse metadata(InstanceCatalog.Scope scope, List<MediaRange> accept, String baseUri) throws SQLException {
        Negotiation.json(accept);
        if (scope.series() != null && scope.instance() == null) {
            return seriesMetadata(scope, baseUri);
        }
        List<RetrievableInstance> found = instances(scope);
        List<List<RetrievableInstance>> batches = new ArrayList<>();
        for (int i = 0; i < found.size(); i += settings.metadataBatchSize()) {
            batches.add(found.subList(i, Math.min(found.size(), i + settings.metadataBatchSize())));
        }
        // One element per batch, encoded on the blocking executor: a few large chunks stream faster than many small
        // ones. The first batch is read here, on the thread that found the instances; two later batches are in
        // flight at a time, so the database reads the next while the last is sent.
        ByteString first = batchJson(batches, 0, baseUri);
        List<Integer> rest = java.util.stream.IntStream.range(1, batches.size()).boxed().toList();
        Source<ByteString, NotUsed> body = Source.single(first).concat(Source.from(rest)
            .mapAsync(2, i -> CompletableFuture.supplyAsync(() -> batchJson(batches, i, baseUri), blocking)));
        return HttpResponse.create().withEntity(HttpEntities.create(DICOM_JSON, body));
    }

    /** Batch {@code i} as a piece of the JSON array: opened before the first, closed after the last. */
    /** A series' metadata, from {@link MetadataCache} while the series is as it was, else read and cached. */
    private HttpResponse seriesMetadata(InstanceCatalog.Scope scope, String baseUri) throws SQLException {
        MetadataCache.Version version;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            version = MetadataCache.Version.of(c, scope.study(), scope.series());
        }
        Optional<ByteString> cached = seriesMetadata.get(scope.study(), scope.series(), baseUri, version);
        if (cached.isPresent()) {
            return HttpResponse.create().withEntity(HttpEntities.create(DICOM_JSON, cached.get()));
        }
        List<RetrievableInstance> found = instances(scope);
        List<List<RetrievableInstance>> batches = List.of(found);
        ByteString json = batchJson(batches, 0, baseUri);
        seriesMetadata.put(scope.study(), scope.series(), baseUri, version, json);
        return HttpResponse.create().withEntity(HttpEntities.create(DICOM_JSON, json));
    }

    private ByteString batchJson(List<List<RetrievableInstance>> batches, int i, String baseUri) {
        StringBuilder json = new StringBuilder(i == 0 ? "[" : ",");
        json.append(String.join(",", attributes(batches.get(i), baseUri)));
        return ByteString.fromString(i == batches.size() - 1 ? json.append(']').toString() : json.toString());
    }

    private List<String> attributes(List<RetrievableInstance> batch, String baseUri) {
        List<String> json;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            json = InstanceCatalog.attributes(c, batch.stream().map(RetrievableInstance::sopInstanceUid).toList());
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
        if (!settings.metadataBulkDataUri() || json.size() != batch.size()) {
            return json;
        }
        List<String> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(MetadataJson.withPixelDataUri(json.get(i), batch.get(i), baseUri));
        }
        return out;
    }

    /** Frames (1-based numbers) of an instance, each as its own part. */
    HttpResponse frames(InstanceCatalog.Scope scope, List<Integer> numbers, List<MediaRange> accept) throws Exception {
        RetrievableInstance instance = instance(scope);
        InstancePixels pixels = pixels(instance);
        for (int n : numbers) {
            if (n > pixels.frames().count()) {
                throw WadoException.notFound("frame " + n + " does not exist: the instance has "
                    + pixels.frames().count() + " frame" + (pixels.frames().count() == 1 ? "" : "s"));
            }
        }
        Negotiation.frames(accept, pixels.transferSyntax());
        return framesResponse(instance, pixels.frames(), numbers);
    }

    private HttpResponse framesResponse(RetrievableInstance instance, PixelFrames frames, List<Integer> numbers) {
        String partType = FrameMediaTypes.partContentType(frames.transferSyntax());
        Source<MultipartRelated.Part, NotUsed> parts = Source.from(numbers).map(n -> new MultipartRelated.Part(
            partType, null, StreamConverters.fromInputStream(() -> frames.open(files.open(instance), n - 1), CHUNK)));
        return HttpResponse.create().withEntity(MultipartRelated.entity(
            FrameMediaTypes.mediaType(frames.transferSyntax()), parts));
    }

    /** The value of a top-level element; encapsulated Pixel Data as its frames. */
    HttpResponse bulkData(InstanceCatalog.Scope scope, int tag, List<MediaRange> accept) throws Exception {
        Negotiation.bulkData(accept);
        RetrievableInstance instance = instance(scope);
        ElementLocator.Located located;
        try (InputStream in = files.open(instance)) {
            located = ElementLocator.locate(in, tag, BULK_HEADER_LIMIT);
        }
        ElementLocation location = located.location();
        if (location == null) {
            throw WadoException.notFound("the instance has no element " + Tags.toString(tag));
        }
        if (location instanceof ElementLocation.Sequence) {
            throw WadoException.notFound(Tags.toString(tag) + " is a sequence: it has no bulk data of its own");
        }
        if (location instanceof ElementLocation.Fragments && tag == Tag.PixelData) {
            InstancePixels pixels = pixels(instance);
            List<Integer> all = new ArrayList<>();
            for (int n = 1; n <= pixels.frames().count(); n++) {
                all.add(n);
            }
            return framesResponse(instance, pixels.frames(), all);
        }
        ElementLocation.Value value = (ElementLocation.Value) location;
        Source<MultipartRelated.Part, NotUsed> part = Source.single(new MultipartRelated.Part(
            FrameMediaTypes.OCTET_STREAM, null,
            StreamConverters.fromInputStream(() -> ElementLocator.openValue(files.open(instance), value), CHUNK)));
        return HttpResponse.create().withEntity(MultipartRelated.entity(FrameMediaTypes.OCTET_STREAM, part));
    }

    /**
     * Frame {@code frame} (1-based) of an instance rendered as {@code format}; {@code options} are computed from
     * the image's description (WADO-URI's region is a fraction of the image).
     */
    HttpResponse rendered(RetrievableInstance instance, int frame, ImageEncoding.Format format, int quality,
                          Function<PixelDescription, RenderOptions> options) throws IOException {
        InstancePixels pixels;
        try {
            pixels = pixels(instance);
        } catch (NoPixelDataException e) {
            throw WadoException.notAcceptable("the instance cannot be rendered: " + e.getMessage());
        }
        if (frame > pixels.frames().count()) {
            throw WadoException.notFound("frame " + frame + " does not exist: the instance has "
                + pixels.frames().count() + " frame" + (pixels.frames().count() == 1 ? "" : "s"));
        }
        BufferedImage image = pixels.render(files.open(instance), frame - 1, options.apply(pixels.description()),
            settings.maxRenderedFrameBytes());
        byte[] bytes = ImageEncoding.encode(image, format, quality);
        return HttpResponse.create().withEntity(ContentTypes.create(
            format == ImageEncoding.Format.PNG ? MediaTypes.IMAGE_PNG : MediaTypes.IMAGE_JPEG), bytes);
    }

    /**
     * A small rendering of an instance, or of the middle image of a series (the first series with images, for
     * a study), fitted in the configured thumbnail size unless a viewport is given.
     */
    HttpResponse thumbnail(InstanceCatalog.Scope scope, ImageEncoding.Format format, int quality,
                           RenderOptions requested) throws Exception {
        List<RetrievableInstance> found = instances(scope);
        Set<String> images;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            images = InstanceCatalog.images(c, found.stream().map(RetrievableInstance::sopInstanceUid).toList());
        }
        List<RetrievableInstance> candidates = new ArrayList<>();
        for (RetrievableInstance i : found) {
            if (images.contains(i.sopInstanceUid())
                && (candidates.isEmpty() || candidates.get(0).seriesUid().equals(i.seriesUid()))) {
                candidates.add(i); // the images of the first series that has any
            }
        }
        if (candidates.isEmpty()) {
            throw WadoException.notFound("the " + scope.describe() + " has no image to make a thumbnail of");
        }
        RetrievableInstance middle = candidates.get(candidates.size() / 2);
        RenderOptions options = requested.maxWidth() > 0 ? requested : new RenderOptions(requested.window(),
            requested.region(), settings.thumbnailSize(), settings.thumbnailSize());
        return rendered(middle, 1, format, quality, d -> options);
    }

    /** One instance as a single Part 10 file (WADO-URI application/dicom). */
    HttpResponse file(InstanceCatalog.Scope scope, String transferSyntax) throws SQLException {
        RetrievableInstance instance = instance(scope);
        if (transferSyntax != null && !transferSyntax.equals(instance.transferSyntaxUid())) {
            throw WadoException.notAcceptable("the instance is stored as " + instance.transferSyntaxUid()
                + " and Cairn does not transcode");
        }
        return HttpResponse.create().withEntity(HttpEntities.create(DICOM_FILE,
            fileSource(instance).mapMaterializedValue(m -> NotUsed.getInstance())));
    }
}
