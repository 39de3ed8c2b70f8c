package org.cairn.events;

import java.util.List;

/** The public event types, version 1 of the schema in {@code docs/events.md}. */
public final class EventTypes {
    public static final String STUDY_CREATED = "study.created";
    public static final String SERIES_CREATED = "series.created";
    public static final String INSTANCE_CREATED = "instance.created";
    public static final String INSTANCE_REPLACED = "instance.replaced";
    public static final String STUDY_ATTRIBUTES_CHANGED = "study.attributes-changed";
    public static final String STUDY_LINKED_TO_ORDER = "study.linked-to-order";
    public static final String STUDY_STABLE = "study.stable";
    public static final String STUDY_DELETED = "study.deleted";
    public static final String STUDY_RESTORED = "study.restored";
    public static final String STUDY_PURGED = "study.purged";
    public static final String WORKLIST_SCHEDULED = "worklist.scheduled";
    public static final String WORKLIST_UPDATED = "worklist.updated";
    public static final String WORKLIST_CANCELLED = "worklist.cancelled";
    public static final String WORKLIST_PROCEDURE_STARTED = "worklist.procedure-started";
    public static final String WORKLIST_PROCEDURE_COMPLETED = "worklist.procedure-completed";
    public static final String WORKLIST_PROCEDURE_DISCONTINUED = "worklist.procedure-discontinued";
    public static final String WORKLIST_IMAGES_ARRIVED = "worklist.images-arrived";

    public static final List<String> ALL = List.of(STUDY_CREATED, SERIES_CREATED, INSTANCE_CREATED,
        INSTANCE_REPLACED, STUDY_ATTRIBUTES_CHANGED, STUDY_LINKED_TO_ORDER, STUDY_STABLE, STUDY_DELETED,
        STUDY_RESTORED, STUDY_PURGED, WORKLIST_SCHEDULED, WORKLIST_UPDATED, WORKLIST_CANCELLED,
        WORKLIST_PROCEDURE_STARTED, WORKLIST_PROCEDURE_COMPLETED, WORKLIST_PROCEDURE_DISCONTINUED,
        WORKLIST_IMAGES_ARRIVED);

    /** The schema version in every envelope's {@code dataschema}. */
    public static final String SCHEMA = "urn:cairn:events:1";

    private EventTypes() {
    }
}
