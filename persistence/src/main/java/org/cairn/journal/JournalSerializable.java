package org.cairn.journal;

/**
 * Marks what goes into the journal (events, snapshots) and what entities exchange across nodes (commands, replies):
 * serialized with Jackson CBOR, bound in reference.conf, so nothing ever falls back to Java serialization.
 */
public interface JournalSerializable {
}
