package org.cairn.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.cairn.hl7.Hl7Text.message;
import static org.cairn.hl7.Hl7Text.msh;
import static org.cairn.hl7.Hl7Text.segment;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hl7AcksTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2024, 3, 5, 10, 15, 30, 0, ZoneOffset.ofHours(1));
    private final RecordingOrderFeed feed = new RecordingOrderFeed();

    /** Parses, applies and acknowledges as the listener does; returns the parsed ACK. */
    private Hl7Message answer(String text) throws Hl7Exception {
        String ack;
        try {
            Hl7Message message = Hl7Message.parse(text);
            Hl7Outcome outcome = OrderMessages.process(message, feed).toCompletableFuture().join();
            ack = Hl7Acks.acknowledge(message, outcome, "ACK1", NOW);
        } catch (Hl7Exception unreadable) {
            ack = Hl7Acks.reject(unreadable, "ACK1", NOW);
        }
        assertThat(ack).endsWith("\r").doesNotContain("\n");
        return Hl7Message.parse(ack);
    }

    @Test
    void acceptedOrderIsAnsweredToItsSender() throws Hl7Exception {
        Hl7Message ack = answer(OrderMessagesTest.ormNewOrder("NW", "MSG00001"));
        Hl7Segment msh = ack.header();
        assertThat(msh.value(3)).isEqualTo("CAIRN");
        assertThat(msh.value(4)).isEqualTo("RAD");
        assertThat(msh.value(5)).isEqualTo("RIS");
        assertThat(msh.value(6)).isEqualTo("HOSP");
        assertThat(msh.value(7)).isEqualTo("20240305101530+0100");
        assertThat(msh.raw(9)).isEqualTo("ACK^O01^ACK");
        assertThat(ack.controlId()).isEqualTo("ACK1");
        assertThat(msh.value(11)).isEqualTo("P");
        assertThat(ack.version()).isEqualTo("2.3.1");
        assertThat(msh.value(18)).isEqualTo("8859/1");
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AA");
        assertThat(ack.value("MSA", 2, 1, 1, 1)).isEqualTo("MSG00001");
        assertThat(ack.segments("ERR")).isEmpty();
    }

    @Test
    void omiIsAcknowledgedWithItsEvent() throws Hl7Exception {
        Hl7Message ack = answer(OrderMessagesTest.omiNewOrder());
        assertThat(ack.header().raw(9)).isEqualTo("ACK^O23^ACK");
        assertThat(ack.version()).isEqualTo("2.5.1");
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AA");
    }

    @Test
    void version23HasNoMessageStructure() throws Hl7Exception {
        Hl7Message ack = answer(message(msh("ORM^O01", "V1", "2.3", ""), segment("ORC", 1, "CA"),
            segment("OBR", 18, "A1")));
        assertThat(ack.header().raw(9)).isEqualTo("ACK^O01");
    }

    @Test
    void noMshIsRejectedInVersion251WithoutAControlId() throws Hl7Exception {
        Hl7Message ack = answer("PID|1||P1\rORC|NW\r");
        assertThat(ack.header().value(3)).isEqualTo("CAIRN");
        assertThat(ack.version()).isEqualTo("2.5.1");
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
        assertThat(ack.value("MSA", 2, 1, 1, 1)).isEmpty();
        Hl7Segment err = ack.segment("ERR").orElseThrow();
        assertThat(err.raw(1)).isEmpty();
        assertThat(err.raw(3)).isEqualTo("100^Segment sequence error^HL70357");
        assertThat(err.value(4)).isEqualTo("E");
        assertThat(err.value(8)).contains("MSH");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void brokenSegmentIsRejectedWithTheOriginalControlId() throws Hl7Exception {
        String text = OrderMessagesTest.ormNewOrder("NW", "B1").replace("PV1|", "pv1|");
        Hl7Message ack = answer(text);
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
        assertThat(ack.value("MSA", 2, 1, 1, 1)).isEqualTo("B1");
        assertThat(ack.header().value(5)).isEqualTo("RIS");
        Hl7Segment err = ack.segment("ERR").orElseThrow();
        assertThat(err.value(3)).isEqualTo("100");
        assertThat(err.value(8)).contains("segment 3");
        // version 2.3.1: the message text also goes to MSA-3, where old receivers look
        assertThat(ack.value("MSA", 3, 1, 1, 1)).contains("segment 3");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void unknownOrderControlGetsAeWithItsLocation() throws Hl7Exception {
        Hl7Message ack = answer(OrderMessagesTest.ormNewOrder("ZZ", "B2"));
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AE");
        assertThat(ack.value("MSA", 2, 1, 1, 1)).isEqualTo("B2");
        Hl7Segment err = ack.segment("ERR").orElseThrow();
        // v2.3.1: ERR-1 is the ELD (segment^sequence^field^code), ERR-2.. the v2.5 fields
        assertThat(err.raw(1)).isEqualTo("ORC^1^1^103&Table value not found&HL70357");
        assertThat(err.raw(2)).isEqualTo("ORC^1^1");
        assertThat(err.raw(3)).isEqualTo("103^Table value not found^HL70357");
        assertThat(err.value(4)).isEqualTo("E");
        assertThat(err.value(8)).contains("ZZ");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void unsupportedMessageTypeGetsAr() throws Hl7Exception {
        Hl7Message ack = answer(message(msh("ORU^R01^ORU_R01", "B3", "2.5.1", ""), segment("PID", 3, "P1"),
            segment("OBR", 1, "1"), segment("OBX", 1, "1")));
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
        assertThat(ack.header().raw(9)).isEqualTo("ACK^R01^ACK");
        Hl7Segment err = ack.segment("ERR").orElseThrow();
        assertThat(err.raw(1)).isEmpty(); // v2.5.1: no ELD
        assertThat(err.raw(2)).isEqualTo("MSH^1^9");
        assertThat(err.value(3)).isEqualTo("200");
        assertThat(ack.value("MSA", 3, 1, 1, 1)).isEmpty();
    }

    @Test
    void missingAccessionGetsAeNamingTheField() throws Hl7Exception {
        String text = message(msh("OMI^O23", "B4", "2.5.1", ""), segment("PID", 3, "P1", 5, "DOE^JOHN"),
            segment("ORC", 1, "NW"), segment("TQ1", 7, "20240306"), segment("OBR", 4, "X^Y"),
            segment("IPC", 5, "CT"));
        Hl7Message ack = answer(text);
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AE");
        Hl7Segment err = ack.segment("ERR").orElseThrow();
        assertThat(err.raw(2)).isEqualTo("IPC^1^1");
        assertThat(err.value(3)).isEqualTo("101");
        assertThat(err.value(8)).contains("Accession Number");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void everyErrorHasItsErrSegmentAndValuesAreEscaped() throws Hl7Exception {
        Hl7Message original = Hl7Message.parse(message(msh("ORM^O01", "E1", "2.5", "")));
        String ack = Hl7Acks.acknowledge(original, AckCode.AE, List.of(
            Hl7Error.at(Hl7ErrorCode.REQUIRED_FIELD_MISSING, "PID", 1, 3, "PID-3 is empty"),
            Hl7Error.general(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, "a|b^c")), "ACK2", NOW);
        Hl7Message parsed = Hl7Message.parse(ack);
        assertThat(parsed.segments("ERR")).hasSize(2);
        assertThat(parsed.segments("ERR").get(1).value(8)).isEqualTo("a|b^c");
        assertThat(parsed.segments("ERR").get(1).raw(2)).isEmpty();
    }

    @Test
    void aMessageWithoutMsh10IsStillAnswered() throws Hl7Exception {
        Hl7Exception e = catchThrowableOfType(Hl7Exception.class,
            () -> Hl7Message.parse("MSH|^~\\&|RIS|HOSP|CAIRN|RAD|2024||ORM^O01||P|2.4\r"));
        Hl7Message ack = Hl7Message.parse(Hl7Acks.reject(e, "ACK3", NOW));
        assertThat(ack.version()).isEqualTo("2.4");
        assertThat(ack.value("MSA", 1, 1, 1, 1)).isEqualTo("AR");
        assertThat(ack.segment("ERR").orElseThrow().raw(1)).isEqualTo("MSH^1^10^101&Required field missing&HL70357");
    }
}
