package org.cairn.hl7;

import java.util.List;

/**
 * What became of one message, ready to be acknowledged and logged.
 *
 * @param code    MSA-1
 * @param errors  one ERR segment each; empty for AA
 * @param summary a one-line account for the log (order controls, accession numbers, results), without demographics
 */
public record Hl7Outcome(AckCode code, List<Hl7Error> errors, String summary) {

    public Hl7Outcome {
        errors = List.copyOf(errors);
    }

    /** Everything was applied. */
    public static Hl7Outcome accepted(String summary) {
        return new Hl7Outcome(AckCode.AA, List.of(), summary);
    }

    /** The message is refused as a whole, for one reason. */
    public static Hl7Outcome rejected(Hl7Error error) {
        return new Hl7Outcome(AckCode.AR, List.of(error), "rejected: " + error);
    }
}
