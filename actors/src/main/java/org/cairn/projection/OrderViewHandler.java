package org.cairn.projection;

import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.cairn.views.WorklistView;
import org.cairn.worklist.OrderEvent;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.WorklistChange;

/** Applies a group of order events to the worklist view in the projection's transaction. */
final class OrderViewHandler extends JdbcHandler<List<EventEnvelope<OrderEvent>>, ViewSession> {

    @Override
    public void process(ViewSession session, List<EventEnvelope<OrderEvent>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<OrderEvent> envelope : envelopes) {
                WorklistView.apply(c, change(envelope.event()));
            }
            return null;
        });
    }

    /** The view's side of an order event. */
    static WorklistChange change(OrderEvent event) {
        String accession = event.accessionNumber();
        if (event instanceof OrderEvent.Scheduled s) {
            return new WorklistChange.Placed(accession, s.order(), OrderStatus.SCHEDULED, s.source(), s.at());
        }
        if (event instanceof OrderEvent.Updated u) {
            return new WorklistChange.Placed(accession, u.order(), null, u.source(), u.at());
        }
        if (event instanceof OrderEvent.ImagesArrived i) {
            return new WorklistChange.ImagesArrived(accession, i.studyUid(), i.at());
        }
        OrderStatus status = event instanceof OrderEvent.Cancelled ? OrderStatus.CANCELLED
            : event instanceof OrderEvent.ProcedureStarted ? OrderStatus.IN_PROGRESS
            : event instanceof OrderEvent.ProcedureCompleted ? OrderStatus.COMPLETED
            : OrderStatus.DISCONTINUED;
        return new WorklistChange.StatusChanged(accession, status, event.source(), event.at());
    }
}
