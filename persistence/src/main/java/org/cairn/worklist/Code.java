package org.cairn.worklist;

/** A coded concept (PS3.3 8.8): value, coding scheme designator and meaning, as the worklist hands codes out. */
public record Code(String value, String scheme, String meaning) {
}
