package org.cairn.fhirpublish;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.context.SimpleWorkerContext;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Checks a resource against FHIR R4 with HAPI and the HL7 R4 definitions, in three layers:
 * <ol>
 *   <li>HAPI's R4 JSON parser with {@link StrictErrorHandler}: unknown elements, wrong JSON types, invalid primitive
 *       values and codes outside a required binding's enumeration are errors;</li>
 *   <li>HAPI's {@link FhirValidator} against the standard R4 XML schema ({@code fhir-single.xsd} from
 *       hapi-fhir-validation-resources-r4): cardinalities, element order and primitive patterns;</li>
 *   <li>every error-level invariant of the R4 StructureDefinitions (resource and data types, e.g. {@code ele-1},
 *       {@code ref-1}, {@code dom-*}), evaluated with the HL7 R4 FHIRPath engine on each element.</li>
 * </ol>
 * HAPI's profile validator ({@code FhirInstanceValidator}, in hapi-fhir-validation) would do all of this in one; it is
 * not served by the package registry this project builds from, so its parts are put together here.
 */
final class R4Conformance {
    static final FhirContext FHIR = FhirContext.forR4();
    private static Definitions definitions;

    private R4Conformance() {
    }

    /** The R4 definitions and an engine over them, loaded once (parsing them takes seconds). */
    private record Definitions(Map<String, StructureDefinition> byType, FHIRPathEngine fhirPath) {
    }

    /** The resource parsed strictly (throws {@link DataFormatException} on what strict parsing refuses). */
    static ImagingStudy parse(String json) {
        return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(ImagingStudy.class,
            json);
    }

    /** Every error found in {@code json} (an ImagingStudy); empty when it conforms. */
    static List<String> errors(String json) {
        List<String> errors = new ArrayList<>();
        ImagingStudy resource;
        try {
            resource = parse(json);
        } catch (DataFormatException e) {
            errors.add("parsing: " + e.getMessage());
            return errors;
        }
        FhirValidator schema = FHIR.newValidator().setValidateAgainstStandardSchema(true)
            .setValidateAgainstStandardSchematron(false);
        for (SingleValidationMessage m : schema.validateWithResult(resource).getMessages()) {
            if (m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL) {
                errors.add("schema: " + m.getLocationString() + ": " + m.getMessage());
            }
        }
        Definitions d = definitions();
        StructureDefinition sd = d.byType().get(resource.fhirType());
        walk(d, resource, resource, resource.fhirType(), sd, errors);
        return errors;
    }

    private static void walk(Definitions d, Resource root, Base node, String path, StructureDefinition sd,
                             List<String> errors) {
        ElementDefinition here = element(sd, path);
        if (here == null) {
            errors.add("structure: no element " + path + " in " + sd.getUrl());
            return;
        }
        invariants(d, root, node, here, path, errors);
        for (Property property : node.children()) {
            for (Base value : property.getValues()) {
                String childPath = path + "." + property.getName();
                ElementDefinition child = element(sd, childPath);
                if (child == null) {
                    errors.add("structure: no element " + childPath + " in " + sd.getUrl());
                } else if (value instanceof BackboneElement) {
                    walk(d, root, value, childPath, sd, errors);
                } else {
                    invariants(d, root, value, child, childPath, errors);
                    StructureDefinition type = d.byType().get(value.fhirType());
                    if (type == null) {
                        errors.add("structure: no definition of type " + value.fhirType());
                    } else if (!value.isPrimitive()) {
                        walk(d, root, value, value.fhirType(), type, errors);
                    }
                }
            }
        }
    }

    private static void invariants(Definitions d, Resource root, Base node, ElementDefinition element, String path,
                                   List<String> errors) {
        for (ElementDefinition.ElementDefinitionConstraintComponent c : element.getConstraint()) {
            if (c.getSeverity() != ElementDefinition.ConstraintSeverity.ERROR || !c.hasExpression()) {
                continue;
            }
            try {
                if (!d.fhirPath().evaluateToBoolean(root, root, node, expression(c))) {
                    errors.add("invariant " + c.getKey() + " at " + path + ": " + c.getHuman());
                }
            } catch (RuntimeException e) {
                errors.add("invariant " + c.getKey() + " at " + path + " could not be evaluated: " + e.getMessage());
            }
        }
    }

    /**
     * The invariant's expression. R4's published ref-1 is empty, so false, for a reference without a literal
     * {@code reference} (a logical reference by identifier, which R4 allows); HL7's validator patches it the same way.
     */
    private static String expression(ElementDefinition.ElementDefinitionConstraintComponent c) {
        return "ref-1".equals(c.getKey()) ? "reference.exists() implies (" + c.getExpression() + ")" : c.getExpression();
    }

    private static ElementDefinition element(StructureDefinition sd, String path) {
        for (ElementDefinition e : sd.getSnapshot().getElement()) {
            if (e.getPath().equals(path) && !e.hasSliceName()) {
                return e;
            }
        }
        return null;
    }

    private static synchronized Definitions definitions() {
        if (definitions == null) {
            try {
                SimpleWorkerContext context = SimpleWorkerContext.fromNothing();
                Map<String, StructureDefinition> byType = new HashMap<>();
                for (String file : List.of("profile/profiles-types.xml", "profile/profiles-resources.xml")) {
                    for (Bundle.BundleEntryComponent entry : bundle(file).getEntry()) {
                        if (entry.getResource() instanceof StructureDefinition sd
                            && sd.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT) {
                            byType.put(sd.getType(), sd);
                            context.cacheResource(sd);
                        }
                    }
                }
                definitions = new Definitions(Map.copyOf(byType), new FHIRPathEngine(context));
            } catch (IOException e) {
                throw new IllegalStateException("could not load the R4 definitions", e);
            }
        }
        return definitions;
    }

    private static Bundle bundle(String file) throws IOException {
        String resource = "/org/hl7/fhir/r4/model/" + file;
        try (InputStream in = R4Conformance.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (hapi-fhir-validation-resources-r4)");
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            return FHIR.newXmlParser().parseResource(Bundle.class, reader);
        }
    }
}
