package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The small conversions the feeds rest on: person names, FHIR dates. */
class FhirValueConversionsTest {

    @Test
    void personNamesFromDisplays() {
        assertThat(PersonNames.fromDisplay("Doe, John")).isEqualTo("Doe^John");
        assertThat(PersonNames.fromDisplay("Doe,John  Paul George")).isEqualTo("Doe^John^Paul George");
        assertThat(PersonNames.fromDisplay("John Doe")).isEqualTo("Doe^John");
        assertThat(PersonNames.fromDisplay("John Paul Doe")).isEqualTo("Doe^John^Paul");
        assertThat(PersonNames.fromDisplay("Cher")).isEqualTo("Cher");
        assertThat(PersonNames.fromDisplay("Doe,")).isEqualTo("Doe");
        assertThat(PersonNames.fromDisplay("  ")).isNull();
        assertThat(PersonNames.fromDisplay(null)).isNull();
    }

    @Test
    void personNamesFromHumanNames() {
        assertThat(PersonNames.fromHumanName(ServiceRequests.parse(
            "{\"family\": \"Doe\", \"suffix\": [\"Jr\"]}"))).isEqualTo("Doe^^^^Jr");
        assertThat(PersonNames.fromHumanName(ServiceRequests.parse(
            "{\"given\": [\"Anna\"], \"prefix\": [\"Prof.\", \"Dr.\"]}"))).isEqualTo("^Anna^^Prof. Dr.");
        assertThat(PersonNames.fromHumanName(ServiceRequests.parse("{}"))).isNull();
    }

    @Test
    void fhirDates() {
        assertThat(DicomDateTime.fromFhir("2024-02-29T07:08:09Z")).isEqualTo(new DicomDateTime("20240229", "070809"));
        assertThat(DicomDateTime.fromFhir("2024-02-29T07:08+01:00")).isEqualTo(new DicomDateTime("20240229", "070800"));
        assertThat(DicomDateTime.fromFhir("2016-12-31T23:59:60Z").time()).isEqualTo("235960");
        assertThatThrownBy(() -> DicomDateTime.fromFhir("2023-02-29")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DicomDateTime.fromFhir(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DicomDateTime.birthDate("1980-07-01")).isEqualTo("19800701");
        assertThat(DicomDateTime.birthDate("1980-07")).isNull();
        assertThatThrownBy(() -> DicomDateTime.birthDate("1980-07-01T00:00:00Z"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
