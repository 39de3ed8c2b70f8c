package org.cairn.http.worklist;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the FHIR feed cannot read from a ServiceRequest and takes from configuration ({@code cairn.fhir}): the DICOM
 * coding scheme designator of each FHIR code system, and which modality and Scheduled Station AE Title a procedure
 * code or a location code stands for. A hospital's ordering system says "CT head without contrast in room CT-2"; the
 * modality worklist needs "CT" and the AE title of the scanner in that room.
 *
 * <p>Rules are tried in order and the first whose code (and system, when the rule names one) matches wins. For the
 * modality, what the request itself says (a DICOM modality code or a {@code modality} extension) comes first, then
 * the procedure rule, then the location rule; for the AE title, the location rule comes first (a room is one
 * scanner), then the procedure rule.
 *
 * @param codingSchemes FHIR code system URI → DICOM Coding Scheme Designator (0008,0102)
 * @param procedures    rules keyed by the requested procedure code ({@code ServiceRequest.code.coding})
 * @param locations     rules keyed by the location code ({@code ServiceRequest.locationCode.coding}, or the
 *                      {@code locationReference} display)
 */
public record FhirMapping(Map<String, String> codingSchemes, List<CodeRule> procedures, List<CodeRule> locations) {
    /** Coding Scheme Designator is SH: at most 16 characters. */
    static final int MAX_DESIGNATOR_LENGTH = 16;

    /**
     * One rule: a code (optionally within a system) → a modality and/or a Scheduled Station AE Title.
     *
     * @param system         the FHIR code system URI, or null to match the code in any system
     * @param code           the code
     * @param modality       the Modality (0008,0060) it stands for, or null
     * @param stationAeTitle the Scheduled Station AE Title (0040,0001) it stands for, or null
     */
    public record CodeRule(String system, String code, String modality, String stationAeTitle) {
        public CodeRule {
            Objects.requireNonNull(code, "code");
            if (modality == null && stationAeTitle == null) {
                throw new IllegalArgumentException("the rule for code " + code + " gives neither modality nor AE title");
            }
            if (stationAeTitle != null && (stationAeTitle.isBlank() || stationAeTitle.length() > 16)) {
                throw new IllegalArgumentException("AE title must be 1 to 16 characters: \"" + stationAeTitle + "\"");
            }
            if (modality != null && (modality.isBlank() || modality.length() > 16)) {
                throw new IllegalArgumentException("modality must be 1 to 16 characters: \"" + modality + "\"");
            }
        }

        boolean matches(String otherSystem, String otherCode) {
            return code.equals(otherCode) && (system == null || system.equals(otherSystem));
        }
    }

    public FhirMapping {
        codingSchemes = Map.copyOf(codingSchemes);
        procedures = List.copyOf(procedures);
        locations = List.copyOf(locations);
    }

    /** The mapping under {@code cairn.fhir} of {@code config} (the node's whole configuration). */
    public static FhirMapping fromConfig(Config config) {
        Config fhir = config.getConfig("cairn.fhir");
        Map<String, String> schemes = new LinkedHashMap<>();
        // The object's own keys, not Config.entrySet()'s paths: a system URI is one quoted key, not split at its dots.
        for (Map.Entry<String, ConfigValue> e : fhir.getObject("coding-schemes").entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.STRING) {
                throw new ConfigException.WrongType(e.getValue().origin(),
                    "cairn.fhir.coding-schemes: the designator of \"" + e.getKey() + "\" must be a string");
            }
            schemes.put(e.getKey(), (String) e.getValue().unwrapped());
        }
        return new FhirMapping(schemes, rules(fhir, "procedures"), rules(fhir, "locations"));
    }

    private static List<CodeRule> rules(Config fhir, String key) {
        List<CodeRule> rules = new ArrayList<>();
        for (Config rule : fhir.getConfigList(key)) {
            try {
                rules.add(new CodeRule(optional(rule, "system"), rule.getString("code"), optional(rule, "modality"),
                    optional(rule, "station-ae-title")));
            } catch (IllegalArgumentException e) {
                throw new ConfigException.BadValue(rule.origin(), "cairn.fhir." + key, e.getMessage());
            }
        }
        return rules;
    }

    private static String optional(Config c, String key) {
        return c.hasPath(key) ? c.getString(key) : null;
    }

    /**
     * The DICOM Coding Scheme Designator for a FHIR code system: the configured one, else the URI itself cut to the
     * 16 characters an SH holds (so the code still says where it came from, if not fully).
     */
    public String codingScheme(String system) {
        String designator = codingSchemes.get(system);
        if (designator != null) {
            return designator;
        }
        return system.length() > MAX_DESIGNATOR_LENGTH ? system.substring(0, MAX_DESIGNATOR_LENGTH) : system;
    }

    /** The first procedure rule for that code. */
    public Optional<CodeRule> procedure(String system, String code) {
        return first(procedures, system, code);
    }

    /** The first location rule for that code. */
    public Optional<CodeRule> location(String system, String code) {
        return first(locations, system, code);
    }

    private static Optional<CodeRule> first(List<CodeRule> rules, String system, String code) {
        if (code == null) {
            return Optional.empty();
        }
        return rules.stream().filter(r -> r.matches(system, code)).findFirst();
    }
}
