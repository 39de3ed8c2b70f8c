package org.cairn.dicom.deid;

/**
 * Which action a confidentiality profile prescribes for an attribute. {@link BasicProfile#RULES} is the Basic
 * Application Level Confidentiality Profile; options would be rules layered over it.
 */
@FunctionalInterface
public interface ProfileRules {

    /**
     * The action for {@code tag} wherever it occurs (top level or inside any sequence item), or {@code null} when
     * the profile has no row for it, in which case the attribute is kept.
     */
    ProfileAction actionFor(int tag);
}
