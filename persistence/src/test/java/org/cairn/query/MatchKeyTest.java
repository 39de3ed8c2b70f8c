package org.cairn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** PS3.4 C.2.2.2 matching, key by key, without a database. */
class MatchKeyTest {

    private static MatchKey key(int tag, Vr vr, String value) throws QueryException {
        DataSet q = new DataSet().putString(tag, vr, value);
        return MatchKey.of(q, q.get(tag), true);
    }

    private static DataSet with(int tag, Vr vr, String... values) {
        return new DataSet().putString(tag, vr, values);
    }

    @Test
    void universalKeysAreNotMatchKeys() throws Exception {
        DataSet q = new DataSet().put(DataElement.of(Tag.PatientName, Vr.PN, new byte[0]));
        assertThat(MatchKey.of(q, q.get(Tag.PatientName), true)).isNull();
        assertThat(key(Tag.PatientName, Vr.PN, "*")).isNull();
        assertThat(key(Tag.StudyDate, Vr.DA, "-")).isNull();
        DataSet emptySequence = new DataSet().put(DataElement.sequence(Tag.ReferencedStudySequence, Vr.SQ, false, false));
        assertThat(MatchKey.of(emptySequence, emptySequence.get(Tag.ReferencedStudySequence), true)).isNull();
    }

    @Test
    void singleValueMatchingIsExactExceptForNameCase() throws Exception {
        MatchKey id = key(Tag.PatientID, Vr.LO, "ABC123");
        assertThat(id.kind()).isEqualTo(MatchKey.Kind.SINGLE);
        assertThat(id.matches(with(Tag.PatientID, Vr.LO, "ABC123"))).isTrue();
        assertThat(id.matches(with(Tag.PatientID, Vr.LO, "abc123"))).isFalse();
        assertThat(id.matches(new DataSet())).isFalse();
        MatchKey name = key(Tag.PatientName, Vr.PN, "doe^john");
        assertThat(name.matches(with(Tag.PatientName, Vr.PN, "DOE^JOHN^^^"))).isTrue();
        assertThat(name.matches(with(Tag.PatientName, Vr.PN, "DOE^JANE"))).isFalse();
    }

    @Test
    void caseSensitiveNamesWhenConfigured() throws Exception {
        DataSet q = new DataSet().putString(Tag.PatientName, Vr.PN, "doe^john");
        MatchKey strict = MatchKey.of(q, q.get(Tag.PatientName), false);
        assertThat(strict.matches(with(Tag.PatientName, Vr.PN, "DOE^JOHN"))).isFalse();
        assertThat(strict.matches(with(Tag.PatientName, Vr.PN, "doe^john"))).isTrue();
    }

    @Test
    void wildcardsStarAndQuestionMark() throws Exception {
        MatchKey k = key(Tag.PatientName, Vr.PN, "d?e*");
        assertThat(k.kind()).isEqualTo(MatchKey.Kind.WILDCARD);
        assertThat(k.matches(with(Tag.PatientName, Vr.PN, "Doe^John"))).isTrue();
        assertThat(k.matches(with(Tag.PatientName, Vr.PN, "Dooe^John"))).isFalse();
        MatchKey description = key(Tag.StudyDescription, Vr.LO, "CT*HEAD");
        assertThat(description.matches(with(Tag.StudyDescription, Vr.LO, "CT OF THE HEAD"))).isTrue();
        assertThat(description.matches(with(Tag.StudyDescription, Vr.LO, "ct of the head"))).isFalse();
        // regex characters in a value are literal
        assertThat(key(Tag.StudyDescription, Vr.LO, "A.B*").matches(with(Tag.StudyDescription, Vr.LO, "AXB"))).isFalse();
        // UIDs and dates take no wildcards: '*' inside is an ordinary character
        assertThat(key(Tag.StudyInstanceUID, Vr.UI, "1.2*").kind()).isEqualTo(MatchKey.Kind.SINGLE);
    }

    @Test
    void personNamesMatchByAnyComponentGroupInAnyCharacterSet() throws Exception {
        DataSet stored = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(key(Tag.PatientName, Vr.PN, "YAMADA^TAROU").matches(stored)).isTrue();
        DataSet q = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "山田*");
        assertThat(MatchKey.of(q, q.get(Tag.PatientName), true).matches(stored)).isTrue();
        DataSet greek = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 126")
            .putString(Tag.PatientName, Vr.PN, "Διονυσιος");
        assertThat(key(Tag.PatientName, Vr.PN, "ΔΙΟΝΥΣΙΟΣ").matches(greek)).isTrue();
    }

    @Test
    void dateRangesClosedAndOpen() throws Exception {
        MatchKey closed = key(Tag.StudyDate, Vr.DA, "20240101-20240131");
        assertThat(closed.kind()).isEqualTo(MatchKey.Kind.RANGE);
        assertThat(closed.matches(with(Tag.StudyDate, Vr.DA, "20240131"))).isTrue();
        assertThat(closed.matches(with(Tag.StudyDate, Vr.DA, "20240201"))).isFalse();
        assertThat(closed.matches(with(Tag.StudyDate, Vr.DA, "2024.01.15"))).isTrue(); // ACR-NEMA form
        assertThat(closed.matches(new DataSet())).isFalse();
        assertThat(key(Tag.StudyDate, Vr.DA, "-20231231").matches(with(Tag.StudyDate, Vr.DA, "19991231"))).isTrue();
        assertThat(key(Tag.StudyDate, Vr.DA, "20240101-").matches(with(Tag.StudyDate, Vr.DA, "19991231"))).isFalse();
    }

    @Test
    void timeAndDateTimeRangesIncludeTheWholeLastUnit() throws Exception {
        MatchKey morning = key(Tag.StudyTime, Vr.TM, "0800-1030");
        assertThat(morning.matches(with(Tag.StudyTime, Vr.TM, "103059.5"))).isTrue();
        assertThat(morning.matches(with(Tag.StudyTime, Vr.TM, "1031"))).isFalse();
        assertThat(morning.matches(with(Tag.StudyTime, Vr.TM, "07:59:59"))).isFalse();
        assertThat(morning.matches(with(Tag.StudyTime, Vr.TM, "08:00"))).isTrue();
        MatchKey year = key(Tag.AcquisitionDateTime, Vr.DT, "2023-2023");
        assertThat(year.matches(with(Tag.AcquisitionDateTime, Vr.DT, "20231231235959"))).isTrue();
        assertThat(year.matches(with(Tag.AcquisitionDateTime, Vr.DT, "20240101"))).isFalse();
    }

    @Test
    void listsOfUidsMatchAny() throws Exception {
        DataSet q = new DataSet().putString(Tag.StudyInstanceUID, Vr.UI, "1.2.3", "1.2.4");
        MatchKey list = MatchKey.of(q, q.get(Tag.StudyInstanceUID), true);
        assertThat(list.values()).containsExactly("1.2.3", "1.2.4");
        assertThat(list.matches(with(Tag.StudyInstanceUID, Vr.UI, "1.2.4"))).isTrue();
        assertThat(list.matches(with(Tag.StudyInstanceUID, Vr.UI, "1.2.5"))).isFalse();
    }

    @Test
    void multiValuedAttributesMatchByAnyValue() throws Exception {
        DataSet study = with(Tag.ModalitiesInStudy, Vr.CS, "CT", "SR");
        assertThat(key(Tag.ModalitiesInStudy, Vr.CS, "SR").matches(study)).isTrue();
        assertThat(key(Tag.ModalitiesInStudy, Vr.CS, "MR").matches(study)).isFalse();
    }

    @Test
    void sequenceMatchingNeedsOneItemMatchingEveryKey() throws Exception {
        DataSet queryItem = new DataSet().putString(Tag.CodeValue, Vr.SH, "T-A0100")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "SRT");
        DataElement querySequence = DataElement.sequence(Tag.AnatomicRegionSequence, Vr.SQ, false, false);
        querySequence.items().add(queryItem);
        DataSet q = new DataSet().put(querySequence);
        MatchKey k = MatchKey.of(q, q.get(Tag.AnatomicRegionSequence), true);
        assertThat(k.kind()).isEqualTo(MatchKey.Kind.SEQUENCE);

        DataElement stored = DataElement.sequence(Tag.AnatomicRegionSequence, Vr.SQ, false, false);
        stored.items().add(new DataSet().putString(Tag.CodeValue, Vr.SH, "T-D1100")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "SRT"));
        DataSet candidate = new DataSet().put(stored);
        assertThat(k.matches(candidate)).isFalse();
        stored.items().add(new DataSet().putString(Tag.CodeValue, Vr.SH, "T-A0100")
            .putString(Tag.CodingSchemeDesignator, Vr.SH, "SRT"));
        assertThat(k.matches(candidate)).isTrue();

        querySequence.items().add(new DataSet());
        assertThatThrownBy(() -> MatchKey.of(q, q.get(Tag.AnatomicRegionSequence), true))
            .isInstanceOf(QueryException.class);
    }

    @Test
    void fuzzyNamesFoldCaseDiacriticsAndSeparators() throws Exception {
        DataSet q = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "mueller jorg");
        DataSet stored = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "Müller^Jörg");
        assertThat(MatchKey.of(q, q.get(Tag.PatientName), true, true).matches(stored)).isFalse(); // ue is not ü
        DataSet q2 = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "muller jorg");
        MatchKey fuzzy = MatchKey.of(q2, q2.get(Tag.PatientName), true, true);
        assertThat(fuzzy.fuzzy()).isTrue();
        assertThat(fuzzy.matches(stored)).isTrue();
        assertThat(MatchKey.of(q2, q2.get(Tag.PatientName), true, false).matches(stored)).isFalse();
        DataSet wildcard = new DataSet().putString(Tag.PatientName, Vr.PN, "MULL*");
        assertThat(MatchKey.of(wildcard, wildcard.get(Tag.PatientName), true, true).matches(stored)).isTrue();
    }
}
