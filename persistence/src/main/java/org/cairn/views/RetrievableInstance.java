package org.cairn.views;

/** An instance a C-MOVE or C-GET will send: its identity, how it is encoded and which blob holds it. */
public record RetrievableInstance(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid,
                                  String transferSyntaxUid, String digest) {
}
