package org.cairn.worklist;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cairn.journal.JournalSerializable;

/**
 * An order as its events left it, and the pure rules for what may happen to it next ({@link #decide}). The entity
 * only routes; every rule is tested here without actors.
 *
 * @param order   the order's details, or null before it is scheduled
 * @param status  where it stands (SCHEDULED before it exists, with {@code order} null)
 * @param studies the Study Instance UIDs of images that arrived for it
 */
public record OrderState(String accessionNumber, Order order, OrderStatus status, List<String> studies)
    implements JournalSerializable {

    public static OrderState empty(String accessionNumber) {
        return new OrderState(accessionNumber, null, OrderStatus.SCHEDULED, List.of());
    }

    public boolean exists() {
        return order != null;
    }

    /** What a request to the order comes to. */
    public sealed interface Decision {
        /** Persist this event, then it is done. */
        record Persist(OrderEvent event) implements Decision {
        }

        /** Already so: done, no event. */
        record Unchanged() implements Decision {
        }

        /** Refused; nothing changes. */
        record Refuse(FeedResult refusal) implements Decision {
        }
    }

    /** A request to the order, as the entity receives it (the feeds', MPPS's and ingest's). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "request")
    @JsonSubTypes({@JsonSubTypes.Type(value = Request.Schedule.class, name = "schedule"),
        @JsonSubTypes.Type(value = Request.Update.class, name = "update"),
        @JsonSubTypes.Type(value = Request.Cancel.class, name = "cancel"),
        @JsonSubTypes.Type(value = Request.Discontinue.class, name = "discontinue"),
        @JsonSubTypes.Type(value = Request.Start.class, name = "start"),
        @JsonSubTypes.Type(value = Request.Complete.class, name = "complete"),
        @JsonSubTypes.Type(value = Request.ChangePatient.class, name = "change-patient"),
        @JsonSubTypes.Type(value = Request.RecordImages.class, name = "record-images")})
    public sealed interface Request extends JournalSerializable {
        String source();

        record Schedule(Order order, String source) implements Request {
        }

        record Update(Order order, String source) implements Request {
        }

        record Cancel(String reason, String source) implements Request {
        }

        record Discontinue(String mppsUid, String reason, String source) implements Request {
        }

        record Start(String mppsUid, String source) implements Request {
        }

        record Complete(String mppsUid, String source) implements Request {
        }

        /** New demographics of the order's patient (ADT update or merge): only while scheduled or in progress. */
        record ChangePatient(Patient patient, String source) implements Request {
        }

        record RecordImages(String studyUid, String source) implements Request {
        }
    }

    public Decision decide(Request request, Instant now) {
        if (request instanceof Request.Schedule s) {
            if (exists()) {
                // a retransmitted new order (a lost HL7 ACK, a FHIR retry) may carry a Study Instance UID its feed
                // generated again: the order handed out stays, and nothing changes
                return s.order().withStudyInstanceUid(order.studyInstanceUid()).equals(order) ? new Decision.Unchanged()
                    : refuse(new FeedResult.Conflict("order " + accessionNumber + " exists (" + status
                        + "): change it with an update"));
            }
            return valid(s.order(), new OrderEvent.Scheduled(accessionNumber, s.order(), s.source(), now));
        }
        if (!exists()) {
            return refuse(new FeedResult.NotFound("no order with Accession Number " + accessionNumber));
        }
        if (request instanceof Request.Update u) {
            if (status.isFinal()) {
                return refuse(conflict("changed"));
            }
            return u.order().equals(order) ? new Decision.Unchanged()
                : valid(u.order(), new OrderEvent.Updated(accessionNumber, u.order(), u.source(), now));
        }
        if (request instanceof Request.ChangePatient p) {
            if (status.isFinal() || p.patient().equals(order.patient())) {
                return new Decision.Unchanged();
            }
            Order changed = order.withPatient(p.patient());
            return valid(changed, new OrderEvent.Updated(accessionNumber, changed, p.source(), now));
        }
        if (request instanceof Request.Cancel c) {
            return switch (status) {
                case CANCELLED -> new Decision.Unchanged();
                case SCHEDULED -> new Decision.Persist(new OrderEvent.Cancelled(accessionNumber, c.reason(), c.source(),
                    now));
                default -> refuse(conflict("cancelled"));
            };
        }
        if (request instanceof Request.Discontinue d) {
            return switch (status) {
                case DISCONTINUED -> new Decision.Unchanged();
                case SCHEDULED, IN_PROGRESS -> new Decision.Persist(new OrderEvent.ProcedureDiscontinued(accessionNumber,
                    d.mppsUid(), d.reason(), d.source(), now));
                default -> refuse(conflict("discontinued"));
            };
        }
        if (request instanceof Request.Start s) {
            return switch (status) {
                case IN_PROGRESS -> new Decision.Unchanged();
                case SCHEDULED -> new Decision.Persist(new OrderEvent.ProcedureStarted(accessionNumber, s.mppsUid(),
                    s.source(), now));
                default -> refuse(conflict("started"));
            };
        }
        if (request instanceof Request.Complete c) {
            return switch (status) {
                case COMPLETED -> new Decision.Unchanged();
                case SCHEDULED, IN_PROGRESS -> new Decision.Persist(new OrderEvent.ProcedureCompleted(accessionNumber,
                    c.mppsUid(), c.source(), now));
                default -> refuse(conflict("completed"));
            };
        }
        Request.RecordImages images = (Request.RecordImages) request;
        return studies.contains(images.studyUid()) ? new Decision.Unchanged()
            : new Decision.Persist(new OrderEvent.ImagesArrived(accessionNumber, images.studyUid(), images.source(), now));
    }

    private Decision valid(Order candidate, OrderEvent event) {
        if (!accessionNumber.equals(candidate.accessionNumber())) {
            return refuse(new FeedResult.Invalid("the order's Accession Number " + candidate.accessionNumber()
                + " is not " + accessionNumber));
        }
        List<String> problems = OrderValidation.problems(candidate);
        return problems.isEmpty() ? new Decision.Persist(event)
            : refuse(new FeedResult.Invalid(String.join("; ", problems)));
    }

    private FeedResult conflict(String what) {
        return new FeedResult.Conflict("order " + accessionNumber + " is " + status + " and cannot be " + what);
    }

    private static Decision refuse(FeedResult refusal) {
        return new Decision.Refuse(refusal);
    }

    public OrderState apply(OrderEvent event) {
        if (event instanceof OrderEvent.Scheduled s) {
            return new OrderState(accessionNumber, s.order(), OrderStatus.SCHEDULED, studies);
        }
        if (event instanceof OrderEvent.Updated u) {
            return new OrderState(accessionNumber, u.order(), status, studies);
        }
        if (event instanceof OrderEvent.Cancelled) {
            return withStatus(OrderStatus.CANCELLED);
        }
        if (event instanceof OrderEvent.ProcedureStarted) {
            return withStatus(OrderStatus.IN_PROGRESS);
        }
        if (event instanceof OrderEvent.ProcedureCompleted) {
            return withStatus(OrderStatus.COMPLETED);
        }
        if (event instanceof OrderEvent.ProcedureDiscontinued) {
            return withStatus(OrderStatus.DISCONTINUED);
        }
        List<String> more = new ArrayList<>(studies);
        more.add(((OrderEvent.ImagesArrived) event).studyUid());
        return new OrderState(accessionNumber, order, status, List.copyOf(more));
    }

    private OrderState withStatus(OrderStatus next) {
        return new OrderState(accessionNumber, order, next, studies);
    }
}
