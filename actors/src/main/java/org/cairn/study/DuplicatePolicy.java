package org.cairn.study;

/**
 * What a second C-STORE of a SOP Instance UID does. Identical content (same digest) is always a success that
 * changes nothing; the policy decides about different content.
 */
public enum DuplicatePolicy {
    /** Different content is refused: the first instance stands (the safe default for an archive). */
    REJECT,
    /** Different content replaces the stored instance, recorded as InstanceReplaced. */
    REPLACE
}
