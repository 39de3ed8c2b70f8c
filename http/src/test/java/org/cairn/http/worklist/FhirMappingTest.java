package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FhirMappingTest {

    private static Config config(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
    }

    @Test
    void theReferenceConfigurationMapsTheUsualCodeSystemsAndHasNoRules() {
        FhirMapping mapping = FhirMapping.fromConfig(ConfigFactory.defaultReference());

        assertThat(mapping.codingScheme("http://loinc.org")).isEqualTo("LN");
        assertThat(mapping.codingScheme("http://snomed.info/sct")).isEqualTo("SCT");
        assertThat(mapping.codingScheme("http://www.radlex.org")).isEqualTo("RADLEX");
        assertThat(mapping.codingScheme("http://dicom.nema.org/resources/ontology/DCM")).isEqualTo("DCM");
        assertThat(mapping.codingScheme("urn:local")).isEqualTo("urn:local");
        assertThat(mapping.codingScheme("http://example.org/fhir/CodeSystem/procedures")).isEqualTo("http://example.o");
        assertThat(mapping.procedures()).isEmpty();
        assertThat(mapping.locations()).isEmpty();
    }

    @Test
    void rulesAndExtraSchemesFromConfiguration() {
        FhirMapping mapping = FhirMapping.fromConfig(config("""
            cairn.fhir {
              coding-schemes { "urn:oid:1.2.3.4.5" = "99HOSP" }
              procedures = [
                { system = "http://loinc.org", code = "24627-2", modality = "CT" }
                { code = "MRBRAIN", modality = "MR", station-ae-title = "MR01" }
              ]
              locations = [ { code = "CT-ROOM-2", station-ae-title = "CT02" } ]
            }
            """));

        assertThat(mapping.codingScheme("urn:oid:1.2.3.4.5")).isEqualTo("99HOSP");
        assertThat(mapping.codingScheme("http://loinc.org")).as("merged with the reference").isEqualTo("LN");
        assertThat(mapping.procedure("http://loinc.org", "24627-2"))
            .contains(new FhirMapping.CodeRule("http://loinc.org", "24627-2", "CT", null));
        assertThat(mapping.procedure("urn:other", "24627-2")).as("the rule names its system").isEmpty();
        assertThat(mapping.procedure("urn:any", "MRBRAIN").map(FhirMapping.CodeRule::stationAeTitle)).contains("MR01");
        assertThat(mapping.location(null, "CT-ROOM-2").map(FhirMapping.CodeRule::stationAeTitle)).contains("CT02");
        assertThat(mapping.location(null, null)).isEqualTo(Optional.empty());
    }

    @Test
    void badRulesFailAtStartUp() {
        assertThatThrownBy(() -> FhirMapping.fromConfig(config(
            "cairn.fhir.procedures = [ { code = \"X\" } ]")))
            .isInstanceOf(ConfigException.BadValue.class).hasMessageContaining("neither modality nor AE title");
        assertThatThrownBy(() -> FhirMapping.fromConfig(config(
            "cairn.fhir.locations = [ { code = \"X\", station-ae-title = \"AN_AE_TITLE_TOO_LONG\" } ]")))
            .isInstanceOf(ConfigException.BadValue.class).hasMessageContaining("1 to 16");
        assertThatThrownBy(() -> FhirMapping.fromConfig(config(
            "cairn.fhir.procedures = [ { modality = CT } ]")))
            .isInstanceOf(ConfigException.Missing.class);
        assertThatThrownBy(() -> FhirMapping.fromConfig(config(
            "cairn.fhir.coding-schemes { \"urn:x\" { nested = 1 } }")))
            .isInstanceOf(ConfigException.WrongType.class);
    }
}
