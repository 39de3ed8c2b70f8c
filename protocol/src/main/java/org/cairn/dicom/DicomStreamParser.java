package org.cairn.dicom;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.cairn.dicom.dict.ElementDictionary;

/**
 * A push parser for DICOM streams: fed chunks of bytes of any size, it reports {@link DicomPart}s to a
 * {@link Handler} as soon as they are complete. It never buffers more than an element header plus the
 * bytes of the current feed, so memory stays bounded whatever the size of the values; it can stop early
 * (for example before Pixel Data) and then ignores the rest.
 *
 * <p>Two entry points: {@link #forFile} reads a Part 10 file (preamble, "DICM", File Meta Information) and
 * detects raw data sets without them; {@link #forDataSet} reads a bare data set of a known transfer syntax,
 * as received over DIMSE.
 *
 * <p>Not thread-safe: one parser belongs to one stream.
 */
public final class DicomStreamParser {

    /** Receives parts in stream order. */
    @FunctionalInterface
    public interface Handler {
        void onPart(DicomPart part);
    }

    private enum State { PREAMBLE, META, HEADER, VALUE, STOPPED }

    private enum Kind { DATASET, ITEM, SEQUENCE, FRAGMENTS }

    private static final class Context {
        final Kind kind;
        final int tag;
        final long end;
        boolean explicitVr;
        boolean bigEndian;
        final int number;
        int children;

        Context(Kind kind, int tag, long end, boolean explicitVr, boolean bigEndian, int number) {
            this.kind = kind;
            this.tag = tag;
            this.end = end;
            this.explicitVr = explicitVr;
            this.bigEndian = bigEndian;
            this.number = number;
        }
    }

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_CAPTURE = 1024;
    /** Enough for the largest header (12 bytes) or the preamble check (132 bytes). */
    private static final int TOP_UP = 256;
    /**
     * Sequences nested deeper than this are refused: real objects stay far below it (structured reports reach a
     * few dozen levels), and code that walks the tree recursively must not exhaust its stack.
     */
    public static final int MAX_SEQUENCE_DEPTH = 128;

    private final Handler handler;
    private final long stopBeforeTag;
    private final List<Context> stack = new ArrayList<>();
    private State state;
    private TransferSyntax transferSyntax;
    private boolean hadFileMeta;

    /** Bytes of an unfinished header carried to the next feed; allocated when first needed. */
    private byte[] pending = EMPTY;
    private int pendingLength;
    private long position;
    private long totalLength = -1;
    private boolean finishing;
    private boolean switchToInflate;
    private Inflater inflater;
    private byte[] inflated;

    private boolean inMeta;
    private int sequenceDepth;
    /** Where the File Meta Information ends according to its group length, or -1 when it has none. */
    private long metaEnd = -1;
    private boolean firstDataSetElement = true;
    private int valueTag;
    private long valueLength;
    private long valueRemaining;
    private boolean valueIsFragment;
    private byte[] capture;
    private int captureLength;

    private DicomStreamParser(Handler handler, long stopBeforeTag, State initial, TransferSyntax ts) {
        this.handler = handler;
        this.stopBeforeTag = stopBeforeTag;
        this.state = initial;
        this.transferSyntax = ts;
    }

    /** A parser for a Part 10 file, or a raw data set whose encoding it detects from the first element. */
    public static DicomStreamParser forFile(Handler handler) {
        return new DicomStreamParser(handler, -1, State.PREAMBLE, null);
    }

    /**
     * A parser for a Part 10 file that stops at the first top-level element whose tag is {@code stopTag} or
     * greater (e.g. Pixel Data), reporting nothing from there on.
     */
    public static DicomStreamParser forFile(Handler handler, int stopTag) {
        return new DicomStreamParser(handler, stopTag & 0xFFFFFFFFL, State.PREAMBLE, null);
    }

    /** A parser for a data set without File Meta Information, encoded as {@code ts}. */
    public static DicomStreamParser forDataSet(Handler handler, TransferSyntax ts) {
        return forDataSet(handler, ts, -1);
    }

    /** As {@link #forDataSet(Handler, TransferSyntax)}, stopping at the first top-level tag ≥ {@code stopTag}. */
    public static DicomStreamParser forDataSet(Handler handler, TransferSyntax ts, int stopTag) {
        DicomStreamParser parser = new DicomStreamParser(handler, stopTag == -1 ? -1 : stopTag & 0xFFFFFFFFL,
            State.HEADER, ts);
        parser.firstDataSetElement = false;
        parser.stack.add(new Context(Kind.DATASET, 0, -1, ts.explicitVr(), ts.bigEndian(), 0));
        handler.onPart(new DicomPart.DataSetStart(ts, false));
        if (ts.deflated()) {
            parser.inflater = new Inflater(true);
        }
        return parser;
    }

    /**
     * Declares how many bytes the whole (undeflated) stream has, so that a declared length beyond the end
     * fails at its header rather than at {@link #finish()}.
     */
    public DicomStreamParser expectTotalLength(long bytes) {
        this.totalLength = bytes;
        return this;
    }

    /** The transfer syntax of the data set, once known. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Whether the parser stopped early at the stop tag. */
    public boolean isStopped() {
        return state == State.STOPPED;
    }

    /** Bytes consumed so far, counted in the decoded (inflated) stream. */
    public long position() {
        return position;
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            feed(copy);
        }
    }

    /** Parses the next bytes of the stream; parts complete within them are reported before this returns. */
    public void feed(byte[] bytes, int offset, int length) {
        if (state == State.STOPPED) {
            return;
        }
        if (inflater != null) {
            inflate(bytes, offset, length);
        } else {
            accept(bytes, offset, length);
        }
    }

    /**
     * Declares the end of the stream. Throws {@link DicomException} if it ends inside a header, a value,
     * or an open sequence or item.
     */
    public void finish() {
        if (state == State.STOPPED) {
            return;
        }
        finishing = true;
        if (inflater != null) {
            boolean complete = inflater.finished();
            inflater.end();
            if (!complete) {
                throw error(-1, "the deflated data set ends before its deflate stream does");
            }
        }
        if (pendingLength > 0 || state == State.PREAMBLE || state == State.META) {
            int consumed = run(pending, 0, pendingLength);
            shiftPending(consumed);
        }
        if (state == State.STOPPED) {
            return;
        }
        if (state == State.PREAMBLE) {
            throw error(-1, "empty stream: no DICOM data");
        }
        if (state == State.META) {
            startDataSet(transferSyntax, pending, 0, 0);
        }
        if (state == State.VALUE) {
            long present = valueLength - valueRemaining;
            throw error(valueTag, "value length " + valueLength + " exceeds the " + present + " bytes left");
        }
        if (pendingLength > 0) {
            throw error(-1, "stream ends inside an element header (" + pendingLength + " bytes)");
        }
        // Defined-length contexts that end exactly here are complete.
        while (stack.size() > 1 && top().end == position) {
            close();
        }
        if (stack.size() > 1) {
            Context open = top();
            throw error(-1, "stream ends inside " + (open.kind == Kind.ITEM ? "an item" : "a sequence")
                + (open.end >= 0 ? " with " + (open.end - position) + " bytes missing" : " without its delimiter"));
        }
    }

    private void inflate(byte[] bytes, int offset, int length) {
        if (inflated == null) {
            inflated = new byte[64 * 1024];
        }
        inflater.setInput(bytes, offset, length);
        try {
            while (!inflater.finished() && state != State.STOPPED) {
                int n = inflater.inflate(inflated);
                if (n == 0) {
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                    continue;
                }
                accept(inflated, 0, n);
            }
        } catch (DataFormatException e) {
            throw new DicomException("", position, "deflated data set is corrupt: " + e.getMessage(), e);
        }
    }

    private void accept(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        // Bytes left from the previous feed are completed with only as many new bytes as a header needs; parsing
        // then continues in the caller's array, so a large feed is never copied into the pending buffer.
        while (pendingLength > 0 && at < end) {
            int take = Math.min(end - at, TOP_UP);
            ensurePending(pendingLength + take);
            System.arraycopy(bytes, at, pending, pendingLength, take);
            pendingLength += take;
            at += take;
            shiftPending(run(pending, 0, pendingLength));
            if (state == State.STOPPED) {
                pendingLength = 0;
                return;
            }
            if (switchToInflate) {
                byte[] rest = new byte[pendingLength + end - at];
                System.arraycopy(pending, 0, rest, 0, pendingLength);
                System.arraycopy(bytes, at, rest, pendingLength, end - at);
                startInflating(rest, 0, rest.length);
                return;
            }
            if (pendingLength <= take) {
                at -= pendingLength; // the unparsed bytes are the tail of what was just taken
                pendingLength = 0;
            }
        }
        if (pending.length > 4 * TOP_UP && pendingLength == 0) {
            pending = new byte[TOP_UP];
        }
        if (at == end) {
            return;
        }
        int consumed = run(bytes, at, end);
        if (state == State.STOPPED) {
            return;
        }
        if (switchToInflate) {
            startInflating(bytes, consumed, end - consumed);
            return;
        }
        int left = end - consumed;
        if (left > 0) {
            ensurePending(left);
            System.arraycopy(bytes, consumed, pending, 0, left);
            pendingLength = left;
        }
    }

    private void startInflating(byte[] bytes, int offset, int length) {
        switchToInflate = false;
        pendingLength = 0;
        inflater = new Inflater(true);
        inflate(bytes, offset, length);
    }

    private void ensurePending(int capacity) {
        if (pending.length < capacity) {
            pending = Arrays.copyOf(pending, Math.max(Math.max(capacity, TOP_UP), pending.length * 2));
        }
    }

    private void shiftPending(int consumed) {
        if (consumed > 0) {
            System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
        }
    }

    /** Parses {@code bytes[pos, limit)} as far as it can; returns the position of the first unconsumed byte. */
    private int run(byte[] bytes, int pos, int limit) {
        while (true) {
            switch (state) {
                case STOPPED:
                    return limit;
                case PREAMBLE: {
                    int next = readPreamble(bytes, pos, limit);
                    if (next < 0) {
                        return pos;
                    }
                    pos = next;
                    break;
                }
                case META: {
                    int next = readMetaHeader(bytes, pos, limit);
                    if (next < 0 || switchToInflate) {
                        return next < 0 ? pos : next;
                    }
                    pos = next;
                    break;
                }
                case HEADER: {
                    Context ctx = top();
                    if (ctx.end >= 0 && position >= ctx.end) {
                        if (position > ctx.end) {
                            throw error(-1, "element runs " + (position - ctx.end) + " bytes past the end of its "
                                + (ctx.kind == Kind.ITEM ? "item" : "sequence"));
                        }
                        close();
                        break;
                    }
                    int next = readHeader(bytes, pos, limit);
                    if (next < 0) {
                        return pos;
                    }
                    pos = next;
                    break;
                }
                case VALUE: {
                    int available = limit - pos;
                    if (available == 0) {
                        return pos;
                    }
                    int n = (int) Math.min(available, valueRemaining);
                    byte[] chunk = Arrays.copyOfRange(bytes, pos, pos + n);
                    if (capture != null) {
                        int c = Math.min(n, capture.length - captureLength);
                        System.arraycopy(chunk, 0, capture, captureLength, c);
                        captureLength += c;
                    }
                    pos += n;
                    position += n;
                    valueRemaining -= n;
                    boolean last = valueRemaining == 0;
                    if (last) {
                        state = inMeta ? State.META : State.HEADER;
                        valueIsFragment = false;
                    }
                    handler.onPart(new DicomPart.ValueChunk(chunk, last));
                    if (last && capture != null) {
                        captured();
                    }
                    break;
                }
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    private int readPreamble(byte[] b, int pos, int limit) {
        int available = limit - pos;
        if (available < 132 && !finishing) {
            return -1;
        }
        if (available >= 132 && b[pos + 128] == 'D' && b[pos + 129] == 'I' && b[pos + 130] == 'C' && b[pos + 131] == 'M') {
            handler.onPart(new DicomPart.Preamble(Arrays.copyOfRange(b, pos, pos + 132)));
            position += 132;
            hadFileMeta = true;
            enterMeta();
            return pos + 132;
        }
        if (available == 0) {
            if (finishing) {
                return -1;
            }
            return -1;
        }
        if (available < 8) {
            throw error(-1, "not DICOM: " + available + " bytes are too few for a data element");
        }
        int groupLittleEndian = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        if (groupLittleEndian == 0x0002) {
            hadFileMeta = true;
            enterMeta();
            return pos;
        }
        stack.add(new Context(Kind.DATASET, 0, -1, true, false, 0));
        startDataSet(null, b, pos, limit);
        return pos;
    }

    private void enterMeta() {
        stack.add(new Context(Kind.DATASET, 0, -1, true, false, 0));
        state = State.META;
        inMeta = true;
    }

    /** In the File Meta Information: reads the next meta element header, or ends the group. */
    private int readMetaHeader(byte[] b, int pos, int limit) {
        int available = limit - pos;
        if (available < 8 && !(finishing && available >= 4)) {
            return -1;
        }
        int group = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        boolean lengthSaysEnd = metaEnd >= 0 && position >= metaEnd
            && (transferSyntax == null || transferSyntax.deflated() || group != 0x0002);
        if (group != 0x0002 || lengthSaysEnd) {
            // The group length decides where a deflate stream starts (its first bytes may look like a tag);
            // without one, or when it is too long, the first tag of another group ends the meta.
            startDataSet(transferSyntax, b, pos, limit);
            return pos;
        }
        if (available < 8) {
            return -1;
        }
        int next = readHeader(b, pos, limit);
        if (next >= 0 && state == State.VALUE && (valueTag == 0x00020010 || valueTag == 0x00020000)) {
            capture = new byte[MAX_CAPTURE];
            captureLength = 0;
        }
        return next;
    }

    private void captured() {
        if (valueTag == 0x00020000) {
            if (captureLength == 4) {
                metaEnd = position + (Values.int32(capture, 0, false) & 0xFFFFFFFFL);
            }
        } else {
            String uid = new String(capture, 0, Math.min(captureLength, capture.length), StandardCharsets.US_ASCII);
            transferSyntax = TransferSyntax.of(uid);
        }
        capture = null;
    }

    /**
     * Starts the data set proper at {@code b[pos]}. With no known transfer syntax (raw data set, or meta
     * without one) the encoding is guessed from the first element header.
     */
    private void startDataSet(TransferSyntax declared, byte[] b, int pos, int limit) {
        TransferSyntax ts = declared != null ? declared : guess(b, pos, limit);
        transferSyntax = ts;
        inMeta = false;
        Context root = stack.get(0);
        root.explicitVr = ts.explicitVr();
        root.bigEndian = ts.bigEndian();
        state = State.HEADER;
        handler.onPart(new DicomPart.DataSetStart(ts, hadFileMeta));
        if (ts.deflated()) {
            switchToInflate = true;
            totalLength = -1; // the declared total counted deflated bytes
        }
    }

    private static TransferSyntax guess(byte[] b, int pos, int limit) {
        if (limit - pos < 6) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        boolean explicit = looksLikeVr(b, pos + 4);
        if (!explicit) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        int groupLittleEndian = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
        int groupBigEndian = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        return groupBigEndian < groupLittleEndian ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN
            : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    }

    private static boolean looksLikeVr(byte[] b, int at) {
        return Vr.ofCode((b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF)) != null;
    }

    private int readHeader(byte[] b, int pos, int limit) {
        int available = limit - pos;
        if (available < 8) {
            return -1;
        }
        Context ctx = top();
        if (firstDataSetElement && state == State.HEADER && stack.size() == 1) {
            firstDataSetElement = false;
            correctVrExplicitness(ctx, b, pos);
        }
        boolean bigEndian = ctx.bigEndian;
        int tag = bigEndian
            ? ((b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF))
            : ((b[pos + 1] & 0xFF) << 24 | (b[pos] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 8 | (b[pos + 2] & 0xFF));
        if (Tags.group(tag) == 0xFFFE) {
            long length = readUInt32(b, pos + 4, bigEndian);
            position += 8;
            onItemTag(tag, length);
            return pos + 8;
        }
        if (ctx.kind == Kind.SEQUENCE || ctx.kind == Kind.FRAGMENTS) {
            throw error(tag, "expected an item or a sequence delimiter in " + Tags.toString(ctx.tag) + ", found "
                + Tags.toString(tag));
        }
        if (stopBeforeTag >= 0 && stack.size() == 1 && (tag & 0xFFFFFFFFL) >= stopBeforeTag) {
            state = State.STOPPED;
            return limit;
        }
        Vr vr;
        long length;
        int headerLength;
        if (ctx.explicitVr) {
            vr = Vr.ofCode((b[pos + 4] & 0xFF) << 8 | (b[pos + 5] & 0xFF));
            if (vr == null) {
                throw error(tag, String.format("invalid VR bytes 0x%02X%02X", b[pos + 4] & 0xFF, b[pos + 5] & 0xFF));
            }
            if (vr.hasLongHeader()) {
                if (available < 12) {
                    return -1;
                }
                length = readUInt32(b, pos + 8, bigEndian);
                headerLength = 12;
            } else {
                length = bigEndian ? ((b[pos + 6] & 0xFF) << 8 | (b[pos + 7] & 0xFF))
                    : ((b[pos + 7] & 0xFF) << 8 | (b[pos + 6] & 0xFF));
                headerLength = 8;
            }
        } else {
            vr = ElementDictionary.vrOf(tag);
            length = readUInt32(b, pos + 4, bigEndian);
            headerLength = 8;
        }
        position += headerLength;
        onElement(ctx, tag, vr, length);
        return pos + headerLength;
    }

    /**
     * Some writers declare one VR form in the meta and use the other; like other readers, believe the bytes of
     * the first element when they clearly disagree.
     */
    private static void correctVrExplicitness(Context root, byte[] b, int pos) {
        boolean vrPresent = looksLikeVr(b, pos + 4);
        if (root.explicitVr && !vrPresent) {
            root.explicitVr = false;
        } else if (!root.explicitVr && vrPresent && !root.bigEndian) {
            root.explicitVr = true;
        }
    }

    private void onElement(Context ctx, int tag, Vr vr, long length) {
        boolean undefined = length == UNDEFINED;
        if (undefined && (vr == Vr.OB || vr == Vr.OW)) {
            handler.onPart(new DicomPart.FragmentsStart(tag, vr, ctx.explicitVr, ctx.bigEndian));
            stack.add(new Context(Kind.FRAGMENTS, tag, -1, ctx.explicitVr, ctx.bigEndian, 0));
            return;
        }
        boolean unAsSequence = vr == Vr.UN && (undefined || ElementDictionary.vrOf(tag) == Vr.SQ);
        if (vr == Vr.SQ || unAsSequence || (undefined && !ctx.explicitVr)) {
            if (++sequenceDepth > MAX_SEQUENCE_DEPTH) {
                throw error(tag, "sequences nested deeper than " + MAX_SEQUENCE_DEPTH + " levels");
            }
            long end = undefined ? -1 : checkedEnd(ctx, tag, length);
            handler.onPart(new DicomPart.SequenceStart(tag, vr, undefined ? -1 : length, ctx.explicitVr, ctx.bigEndian));
            boolean explicitItems = ctx.explicitVr && vr != Vr.UN;
            boolean bigEndianItems = ctx.bigEndian && vr != Vr.UN;
            stack.add(new Context(Kind.SEQUENCE, tag, end, explicitItems, bigEndianItems, 0));
            return;
        }
        if (undefined) {
            throw error(tag, "undefined length is not allowed for VR " + vr);
        }
        checkedEnd(ctx, tag, length);
        // PS3.5 6.2.2: a UN value is never byte-swapped; it keeps the little-endian bytes of its origin
        boolean bigEndianValue = ctx.bigEndian && vr != Vr.UN;
        handler.onPart(new DicomPart.ElementHeader(tag, vr, length, ctx.explicitVr, bigEndianValue));
        if (length > 0) {
            beginValue(tag, length, false);
        }
    }

    private void onItemTag(int tag, long length) {
        Context ctx = top();
        boolean undefined = length == UNDEFINED;
        if (tag == Tags.ITEM) {
            if (ctx.kind == Kind.SEQUENCE) {
                ctx.children++;
                long end = undefined ? -1 : checkedEnd(ctx, tag, length);
                handler.onPart(new DicomPart.ItemStart(ctx.children, undefined ? -1 : length));
                stack.add(new Context(Kind.ITEM, tag, end, ctx.explicitVr, ctx.bigEndian, ctx.children));
                return;
            }
            if (ctx.kind == Kind.FRAGMENTS) {
                if (undefined) {
                    throw error(tag, "a pixel data fragment cannot have undefined length");
                }
                ctx.children++;
                checkedEnd(ctx, tag, length);
                handler.onPart(new DicomPart.Fragment(ctx.children, length));
                if (length > 0) {
                    beginValue(tag, length, true);
                }
                return;
            }
            throw error(tag, "item outside a sequence");
        }
        if (tag == Tags.ITEM_DELIMITATION) {
            if (ctx.kind == Kind.ITEM && ctx.end < 0) {
                close();
                return;
            }
            if (ctx.kind == Kind.ITEM || ctx.kind == Kind.DATASET) {
                // A stray delimiter in a defined-length item or at the root carries no data: tolerated, as other readers do.
                return;
            }
            throw error(tag, "item delimiter outside an item");
        }
        if (tag == Tags.SEQUENCE_DELIMITATION) {
            if ((ctx.kind == Kind.SEQUENCE && ctx.end < 0) || ctx.kind == Kind.FRAGMENTS) {
                close();
                return;
            }
            if (ctx.kind == Kind.DATASET && stack.size() == 1) {
                return;
            }
            throw error(tag, "sequence delimiter outside an undefined-length sequence");
        }
        throw error(tag, "unknown item tag " + Tags.toString(tag));
    }

    private long checkedEnd(Context ctx, int tag, long length) {
        long end = position + length;
        if (ctx.end >= 0 && end > ctx.end) {
            throw error(tag, "value length " + length + " exceeds the " + (ctx.end - position) + " bytes left in the "
                + (ctx.kind == Kind.ITEM ? "item" : ctx.kind == Kind.SEQUENCE ? "sequence" : "data set"));
        }
        if (totalLength >= 0 && end > totalLength) {
            throw error(tag, "value length " + length + " exceeds the " + Math.max(0, totalLength - position)
                + " bytes left");
        }
        return end;
    }

    private void beginValue(int tag, long length, boolean fragment) {
        state = State.VALUE;
        valueTag = tag;
        valueLength = length;
        valueRemaining = length;
        valueIsFragment = fragment;
    }

    private void close() {
        Context ctx = stack.remove(stack.size() - 1);
        switch (ctx.kind) {
            case ITEM -> handler.onPart(new DicomPart.ItemEnd(ctx.number));
            case SEQUENCE -> {
                sequenceDepth--;
                handler.onPart(new DicomPart.SequenceEnd(ctx.tag));
            }
            case FRAGMENTS -> handler.onPart(new DicomPart.FragmentsEnd(ctx.tag));
            default -> throw new IllegalStateException("closing the root data set");
        }
    }

    private Context top() {
        return stack.get(stack.size() - 1);
    }

    private static long readUInt32(byte[] b, int at, boolean bigEndian) {
        if (bigEndian) {
            return ((long) (b[at] & 0xFF) << 24) | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        }
        return ((long) (b[at + 3] & 0xFF) << 24) | (b[at + 2] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
    }

    private DicomException error(int tag, String reason) {
        return new DicomException(path(tag), position, reason);
    }

    /** "(0008,1140)[2]/(0008,1155)": the sequences and items enclosing the current point, then {@code tag}. */
    private String path(int tag) {
        StringBuilder s = new StringBuilder();
        for (Context ctx : stack) {
            switch (ctx.kind) {
                case SEQUENCE, FRAGMENTS -> {
                    if (s.length() > 0) {
                        s.append('/');
                    }
                    s.append(Tags.toString(ctx.tag));
                }
                case ITEM -> s.append('[').append(ctx.number).append(']');
                default -> {
                }
            }
        }
        if (tag != -1 && Tags.group(tag) != 0xFFFE) {
            if (s.length() > 0) {
                s.append('/');
            }
            s.append(Tags.toString(tag));
        } else if (tag != -1 && top().kind == Kind.FRAGMENTS) {
            s.append('[').append(top().children).append(']');
        }
        return s.toString();
    }
}
