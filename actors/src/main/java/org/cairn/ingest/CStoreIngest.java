package org.cairn.ingest;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.apache.pekko.util.ByteString;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.concurrent.PlainStages;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;

/**
 * One C-STORE's data set, handed to the {@link InstanceIngest} as a stream: its fragments enter a bounded queue (when
 * it is full the association stops reading, and TCP slows the sender); the C-STORE-RSP goes once the instance is
 * durable and journaled (success, also for an instance stored before), or refused with the ingest's PS3.4 status.
 */
final class CStoreIngest implements DataSetConsumer {
    private final SourceQueueWithComplete<ByteString> queue;
    /** Offers are chained: several fragments of one PDU reach us before reading can pause. */
    private CompletableFuture<?> lastOffer = CompletableFuture.completedFuture(null);

    CStoreIngest(DataSet command, DimseContext context, InstanceIngest ingest) {
        Pair<SourceQueueWithComplete<ByteString>, Source<ByteString, NotUsed>> stream = Source.<ByteString>queue(4,
            OverflowStrategy.backpressure()).preMaterialize(ingest.materializer());
        this.queue = stream.first();
        ingest.storeDataSet(stream.second(), context.transferSyntax(), command.getString(Tag.AffectedSOPClassUID),
                command.getString(Tag.AffectedSOPInstanceUID), context.callingAeTitle())
            .thenAccept(outcome -> context.respond(outcome instanceof IngestOutcome.Refused refused
                ? Commands.failure(command, refused.status(), refused.reason())
                : Commands.response(command, Status.SUCCESS, false), null));
    }

    @Override
    public void onFragment(DimseContext ctx, byte[] fragment, boolean last) {
        Runnable resume = ctx.pauseReading();
        ByteString bytes = ByteString.fromArrayUnsafe(fragment);
        lastOffer = lastOffer.thenCompose(previous -> PlainStages.of(queue.offer(bytes)))
            .whenComplete((result, failure) -> {
                resume.run();
                if (last && failure == null) {
                    queue.complete();
                } else if (failure != null) {
                    queue.fail(failure);
                }
            });
    }
}
