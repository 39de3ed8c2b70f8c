package org.cairn.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Hl7MessageTest {

    private static final String MSH = "MSH|^~\\&|RIS|HOSP|CAIRN|RAD|20240305101500||ORM^O01^ORM_O01|CTRL1|P|2.5.1";

    @Test
    void mshFieldsAreNumberedFromTheFieldSeparator() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse(MSH + "\r");
        Hl7Segment msh = m.header();
        assertThat(msh.value(1)).isEqualTo("|");
        assertThat(msh.value(2)).isEqualTo("^~\\&");
        assertThat(msh.value(3)).isEqualTo("RIS");
        assertThat(msh.value(9, 3)).isEqualTo("ORM_O01");
        assertThat(m.messageType()).isEqualTo("ORM^O01");
        assertThat(m.controlId()).isEqualTo("CTRL1");
        assertThat(m.version()).isEqualTo("2.5.1");
        assertThat(m.separators()).isEqualTo(Hl7Separators.STANDARD);
        assertThat(m.charset()).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @Test
    void repetitionsComponentsAndSubcomponents() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse(MSH + "\rPID|1||P1^^^HOSP&1.2.3&ISO^MR~P2^^^OTHER||DOE^JOHN|\r");
        Hl7Segment pid = m.segment("PID").orElseThrow();
        assertThat(pid.repetitionCount(3)).isEqualTo(2);
        assertThat(pid.value(3)).isEqualTo("P1");
        assertThat(pid.value(3, 1, 4)).isEqualTo("HOSP");
        assertThat(pid.value(3, 1, 4, 2)).isEqualTo("1.2.3");
        assertThat(pid.value(3, 1, 4, 3)).isEqualTo("ISO");
        assertThat(pid.value(3, 1, 5)).isEqualTo("MR");
        assertThat(pid.value(3, 2, 1)).isEqualTo("P2");
        assertThat(pid.value(3, 2, 4)).isEqualTo("OTHER");
        assertThat(pid.value(3, 3, 1)).isEmpty();
        assertThat(pid.value(5, 2)).isEqualTo("JOHN");
        assertThat(pid.value(6)).isEmpty();
        assertThat(pid.value(40)).isEmpty();
        assertThat(pid.repetitionCount(2)).isZero();
        assertThat(m.value("PID", 3, 1, 4, 2)).isEqualTo("1.2.3");
        assertThat(m.value("ZZZ", 1, 1, 1, 1)).isEmpty();
    }

    @Test
    void escapeSequencesAreResolvedAfterSplitting() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse(MSH + "\r"
            + "NTE|1||a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f^second\r"
            + "NTE|2||line1\\.br\\line2\\H\\bold\\N\\ \\X41C3A9\\ \\Zlocal\\\r"
            + "NTE|3||broken \\escape\r"
            + "NTE|4||odd \\X4\\ and \\Q\\\r");
        assertThat(m.segments("NTE").get(0).value(3)).isEqualTo("a|b^c&d~e\\f");
        assertThat(m.segments("NTE").get(0).value(3, 2)).isEqualTo("second");
        // hex bytes decoded in the message's charset (Latin-1 by default: C3 A9 are two characters)
        assertThat(m.segments("NTE").get(1).value(3)).isEqualTo("line1\nline2bold A\u00C3\u00A9 ");
        assertThat(m.segments("NTE").get(2).value(3)).isEqualTo("broken \\escape");
        assertThat(m.segments("NTE").get(3).value(3)).isEqualTo("odd \\X4\\ and \\Q\\");
        assertThat(m.segments("NTE").get(2).occurrence()).isEqualTo(3);
    }

    @Test
    void hexEscapesFollowTheDeclaredCharset() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse(MSH + "||||||UNICODE UTF-8\rNTE|1||caf\\XC3A9\\\r");
        assertThat(m.segment("NTE").orElseThrow().value(3)).isEqualTo("caf\u00E9");
    }

    @Test
    void customSeparators() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse("MSH#*@!%#RIS#HOSP#CAIRN#RAD#20240305##ADT*A08#C9#P#2.4\r"
            + "PID#1##P9!F!x***A%B@P10##DOE*JANE\r");
        assertThat(m.separators()).isEqualTo(new Hl7Separators('#', '*', '@', '!', '%'));
        assertThat(m.messageType()).isEqualTo("ADT^A08");
        Hl7Segment pid = m.segment("PID").orElseThrow();
        assertThat(pid.value(3)).isEqualTo("P9#x");
        assertThat(pid.value(3, 1, 4, 1)).isEqualTo("A");
        assertThat(pid.value(3, 1, 4, 2)).isEqualTo("B");
        assertThat(pid.value(3, 2, 1)).isEqualTo("P10");
        assertThat(pid.value(5, 2)).isEqualTo("JANE");
        // '|' and '^' are ordinary characters here
        assertThat(Hl7Escaping.unescape("a|b^c", m.separators(), m.charset())).isEqualTo("a|b^c");
    }

    @Test
    void lineFeedsAndBlankLinesAreTolerated() throws Hl7Exception {
        for (String end : new String[] {"\n", "\r\n", "\n\r"}) {
            Hl7Message m = Hl7Message.parse("\r\n" + MSH + end + "PID|1||P1" + end + end + "PV1|1|O" + end);
            assertThat(m.segments()).extracting(Hl7Segment::id).containsExactly("MSH", "PID", "PV1");
            assertThat(m.segment("PV1").orElseThrow().value(2)).isEqualTo("O");
        }
    }

    @Test
    void charsetComesFromMsh18() throws Hl7Exception {
        String text = MSH + "||||||UNICODE UTF-8\rPID|1||P1||M\u00FCLLER^J\u00DCRGEN\r";
        Hl7Message utf8 = Hl7Message.parse(text.getBytes(StandardCharsets.UTF_8));
        assertThat(utf8.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(utf8.value("PID", 5, 1, 1, 1)).isEqualTo("M\u00FCLLER");

        String latin = MSH + "||||||8859/1\rPID|1||P1||M\u00FCLLER\r";
        assertThat(Hl7Message.parse(latin.getBytes(StandardCharsets.ISO_8859_1)).value("PID", 5, 1, 1, 1))
            .isEqualTo("M\u00FCLLER");
        // no MSH-18: Latin-1
        String plain = MSH + "\rPID|1||P1||M\u00FCLLER\r";
        assertThat(Hl7Message.parse(plain.getBytes(StandardCharsets.ISO_8859_1)).value("PID", 5, 1, 1, 1))
            .isEqualTo("M\u00FCLLER");
    }

    @Test
    void anUnknownCharsetIsATableError() {
        Hl7Exception e = catchThrowableOfType(Hl7Exception.class,
            () -> Hl7Message.parse((MSH + "||||||EBCDIC-XYZ\r").getBytes(StandardCharsets.US_ASCII)));
        assertThat(e.error().code()).isEqualTo(Hl7ErrorCode.TABLE_VALUE_NOT_FOUND);
        assertThat(e.error().locationText()).isEqualTo("MSH-18");
        assertThat(e.header()).isPresent();
    }

    @Test
    void withoutMshTheMessageIsRefused() {
        Hl7Exception e = catchThrowableOfType(Hl7Exception.class,
            () -> Hl7Message.parse("PID|1||P1\rPV1|1\r"));
        assertThat(e.error().code()).isEqualTo(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
        assertThat(e.header()).isEmpty();
        assertThat(catchThrowableOfType(Hl7Exception.class, () -> Hl7Message.parse("\r\n")).error().code())
            .isEqualTo(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
    }

    @Test
    void brokenSeparatorsAreADataTypeError() {
        for (String broken : new String[] {"MSH|^~\\|RIS", "MSH|^~|RIS", "MSHA^~\\&A", "MSH|^^\\&|RIS", "MSH| ~\\&|"}) {
            Hl7Exception e = catchThrowableOfType(Hl7Exception.class, () -> Hl7Message.parse(broken + "\r"));
            assertThat(e).as(broken).isNotNull();
            assertThat(e.error().code()).as(broken).isEqualTo(Hl7ErrorCode.DATA_TYPE_ERROR);
            assertThat(e.error().segmentId()).isEqualTo("MSH");
        }
        Hl7Exception bare = catchThrowableOfType(Hl7Exception.class, () -> Hl7Message.parse("MSH\r"));
        assertThat(bare.error().code()).isEqualTo(Hl7ErrorCode.REQUIRED_FIELD_MISSING);
    }

    @Test
    void msh9AndMsh10AreRequired() {
        Hl7Exception noControlId = catchThrowableOfType(Hl7Exception.class,
            () -> Hl7Message.parse("MSH|^~\\&|RIS|HOSP|CAIRN|RAD|2024||ORM^O01||P|2.5\r"));
        assertThat(noControlId.error().code()).isEqualTo(Hl7ErrorCode.REQUIRED_FIELD_MISSING);
        assertThat(noControlId.error().field()).isEqualTo(10);
        assertThat(noControlId.header()).isPresent();
        Hl7Exception noType = catchThrowableOfType(Hl7Exception.class,
            () -> Hl7Message.parse("MSH|^~\\&|RIS|HOSP|CAIRN|RAD|2024|||C1|P|2.5\r"));
        assertThat(noType.error().field()).isEqualTo(9);
        assertThat(noType.header().orElseThrow().controlId()).isEqualTo("C1");
    }

    @Test
    void aMalformedSegmentIdIsRefusedWithTheHeaderKept() {
        for (String bad : new String[] {"pid|1||P1", "PI|1", "PIDX|1", "P-D|1", "Some free text"}) {
            Hl7Exception e = catchThrowableOfType(Hl7Exception.class,
                () -> Hl7Message.parse(MSH + "\rPID|1||P1\r" + bad + "\r"));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.error().code()).isEqualTo(Hl7ErrorCode.SEGMENT_SEQUENCE_ERROR);
            assertThat(e.error().message()).contains("segment 3").doesNotContain(bad);
            assertThat(e.header().orElseThrow().controlId()).isEqualTo("CTRL1");
        }
        assertThatThrownBy(() -> Hl7Message.parse(MSH + "\r" + MSH + "\r")).isInstanceOf(Hl7Exception.class);
    }

    @Test
    void aSegmentIdAloneIsASegment() throws Hl7Exception {
        Hl7Message m = Hl7Message.parse(MSH + "\rZDS\rPV1\r");
        assertThat(m.segments()).extracting(Hl7Segment::id).containsExactly("MSH", "ZDS", "PV1");
        assertThat(m.segment("ZDS").orElseThrow().value(1)).isEmpty();
    }

    @Test
    void escapingRoundTrips() {
        String text = "a|b^c&d~e\\f\rg";
        String escaped = Hl7Escaping.escape(text, Hl7Separators.STANDARD);
        assertThat(escaped).isEqualTo("a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\g");
        assertThat(Hl7Escaping.unescape(escaped, Hl7Separators.STANDARD, StandardCharsets.ISO_8859_1))
            .isEqualTo(text);
    }
}
