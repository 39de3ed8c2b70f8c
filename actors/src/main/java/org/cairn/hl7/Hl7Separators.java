package org.cairn.hl7;

/**
 * The delimiters a message declares in MSH-1 and MSH-2. Almost every sender uses {@code |^~\&}, but the standard
 * lets each message choose, so every split and every escape goes through the message's own separators.
 *
 * @param field        the field separator (MSH-1)
 * @param component    the component separator (MSH-2, first character)
 * @param repetition   the repetition separator (MSH-2, second)
 * @param escape       the escape character (MSH-2, third)
 * @param subcomponent the subcomponent separator (MSH-2, fourth)
 */
public record Hl7Separators(char field, char component, char repetition, char escape, char subcomponent) {

    /** The separators the standard recommends and Cairn uses when it has no message to follow. */
    public static final Hl7Separators STANDARD = new Hl7Separators('|', '^', '~', '\\', '&');

    /** MSH-2 as written: component, repetition, escape and subcomponent characters. */
    public String encodingCharacters() {
        return new String(new char[] {component, repetition, escape, subcomponent});
    }

    /** Whether {@code c} is one of the five delimiters. */
    public boolean isDelimiter(char c) {
        return c == field || c == component || c == repetition || c == escape || c == subcomponent;
    }
}
