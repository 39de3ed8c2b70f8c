#!/usr/bin/python3
"""What pydicom, an independent reader, finds in de-identified files compared with their originals.

Usage: check_deidentified.py ORIGINAL ANONYMIZED [ORIGINAL ANONYMIZED ...]
Prints one JSON object per pair: {"anonymized": ..., "ok": true, ...findings...} or {"anonymized": ..., "ok": false,
"error": "..."}. The Java test decides what the findings must be.
"""
import json
import sys
import warnings

import pydicom
from pydicom.tag import Tag

# Attributes the Basic Profile removes (X): none may be left anywhere in the data set.
REMOVED = ["OtherPatientIDs", "OtherPatientIDsSequence", "OtherPatientNames", "PatientAddress", "PatientAge",
           "PatientBirthTime", "PatientBirthName", "PatientMotherBirthName", "PatientTelephoneNumbers",
           "PatientSize", "PatientWeight", "EthnicGroup", "Occupation", "AdditionalPatientHistory", "PatientComments",
           "MedicalRecordLocator", "MilitaryRank", "InstitutionAddress", "InstitutionalDepartmentName",
           "PerformingPhysicianName", "NameOfPhysiciansReadingStudy", "PhysiciansOfRecord",
           "ReferringPhysicianAddress", "ReferringPhysicianTelephoneNumbers", "RequestAttributesSequence",
           "ReferencedPatientSequence", "StudyDescription", "SeriesDescription", "ImageComments",
           "IconImageSequence", "DigitalSignaturesSequence", "DataSetTrailingPadding", "OriginalAttributesSequence",
           "PerformedProcedureStepID", "PerformedProcedureStepDescription", "RequestingPhysician",
           "AdmittingDiagnosesDescription", "DerivationDescription", "Allergies"]
# Attributes whose original values identify: no value of the de-identified file may equal one of them.
IDENTIFYING = ["PatientName", "PatientID", "PatientBirthDate", "AccessionNumber", "StudyID", "InstitutionName",
               "ReferringPhysicianName", "StationName", "DeviceSerialNumber", "OperatorsName", "StudyDate",
               "PerformingPhysicianName", "OtherPatientIDs", "InstitutionAddress", "SeriesDate", "ContentDate",
               "AcquisitionDate"]
UIDS = ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID"]
# Cairn's dummy values (Anonymizer.DUMMY_*): an original that already held one of them leaks nothing.
DUMMIES = {"ANONYMIZED", "ANONYMOUS", "19000101", "000000", "19000101000000", "000Y", "0"}


def values(ds):
    """Every string value anywhere in the data set (multi-valued ones split)."""
    found = set()
    for elem in ds.iterall():
        if elem.VR in ("SQ", "OB", "OW", "OF", "OD", "OL", "OV", "UN") or elem.value is None:
            continue
        items = elem.value if isinstance(elem.value, (list, pydicom.multival.MultiValue)) else [elem.value]
        for v in items:
            found.add(str(v).strip())
    return found


def text(ds, keyword):
    v = ds.get(keyword)
    return None if v is None else str(v).strip()


def check(original_path, anonymized_path):
    original = pydicom.dcmread(original_path, force=True)
    anonymized = pydicom.dcmread(anonymized_path)
    anonymized_values = values(anonymized)
    present = sorted({elem.keyword for elem in anonymized.iterall() if elem.keyword in REMOVED})
    private = sum(1 for elem in anonymized.iterall() if elem.tag.is_private)
    leaked = sorted(k for k in IDENTIFYING
                    if text(original, k) and len(text(original, k)) >= 3 and text(original, k) not in DUMMIES
                    and text(original, k) in anonymized_values)
    leaked_uids = sorted(k for k in UIDS if text(original, k) and text(original, k) in anonymized_values)
    codes = [str(item.get("CodeValue")) + "^" + str(item.get("CodingSchemeDesignator"))
             for item in anonymized.get("DeidentificationMethodCodeSequence", [])]
    meta = anonymized.file_meta
    original_ts = getattr(getattr(original, "file_meta", None), "TransferSyntaxUID", None)
    has_pixels = "PixelData" in original
    return {
        "ok": True,
        "patientName": text(anonymized, "PatientName"),
        "patientId": text(anonymized, "PatientID"),
        "patientBirthDate": text(anonymized, "PatientBirthDate"),
        "identityRemoved": text(anonymized, "PatientIdentityRemoved"),
        "methodCodes": codes,
        "removedPresent": present,
        "privateElements": private,
        "leaked": leaked,
        "leakedUids": leaked_uids,
        "sopInstanceUid": text(anonymized, "SOPInstanceUID"),
        "mediaStorageSopInstanceUid": str(meta.MediaStorageSOPInstanceUID),
        "sourceAeTitle": text(meta, "SourceApplicationEntityTitle"),
        "transferSyntaxKept": original_ts is None or str(original_ts) == str(meta.TransferSyntaxUID),
        "pixelDataEqual": (anonymized.get("PixelData") == original.PixelData) if has_pixels else None,
        "burnedInAnnotation": text(anonymized, "BurnedInAnnotation"),
    }


def main(args):
    warnings.simplefilter("ignore")
    for original, anonymized in zip(args[0::2], args[1::2]):
        try:
            out = check(original, anonymized)
        except Exception as e:  # reported, for the test to show
            out = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
        out["original"] = original
        out["anonymized"] = anonymized
        sys.stdout.write(json.dumps(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
