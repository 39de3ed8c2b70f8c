// Keywords of the attributes people look for most; every other tag shows as its number. Not the whole dictionary:
// the UI only needs readable names, the node's codec has the real one.
const KEYWORDS = {
  '00020000': 'FileMetaInformationGroupLength', '00020001': 'FileMetaInformationVersion',
  '00020002': 'MediaStorageSOPClassUID', '00020003': 'MediaStorageSOPInstanceUID', '00020010': 'TransferSyntaxUID',
  '00020012': 'ImplementationClassUID', '00020013': 'ImplementationVersionName',
  '00080005': 'SpecificCharacterSet', '00080008': 'ImageType', '00080012': 'InstanceCreationDate',
  '00080013': 'InstanceCreationTime', '00080014': 'InstanceCreatorUID', '00080016': 'SOPClassUID',
  '00080018': 'SOPInstanceUID', '00080020': 'StudyDate', '00080021': 'SeriesDate', '00080022': 'AcquisitionDate',
  '00080023': 'ContentDate', '00080030': 'StudyTime', '00080031': 'SeriesTime', '00080032': 'AcquisitionTime',
  '00080033': 'ContentTime', '00080050': 'AccessionNumber', '00080051': 'IssuerOfAccessionNumberSequence',
  '00080056': 'InstanceAvailability', '00080060': 'Modality', '00080061': 'ModalitiesInStudy',
  '00080064': 'ConversionType', '00080070': 'Manufacturer', '00080080': 'InstitutionName',
  '00080081': 'InstitutionAddress', '00080090': 'ReferringPhysicianName', '00080100': 'CodeValue',
  '00080102': 'CodingSchemeDesignator', '00080104': 'CodeMeaning', '00080201': 'TimezoneOffsetFromUTC',
  '00081010': 'StationName', '00081030': 'StudyDescription', '00081032': 'ProcedureCodeSequence',
  '0008103E': 'SeriesDescription', '00081040': 'InstitutionalDepartmentName', '00081050': 'PerformingPhysicianName',
  '00081060': 'NameOfPhysiciansReadingStudy', '00081070': 'OperatorsName', '00081090': 'ManufacturerModelName',
  '00081110': 'ReferencedStudySequence', '00081111': 'ReferencedPerformedProcedureStepSequence',
  '00081115': 'ReferencedSeriesSequence', '00081140': 'ReferencedImageSequence', '00081150': 'ReferencedSOPClassUID',
  '00081155': 'ReferencedSOPInstanceUID', '00082111': 'DerivationDescription', '00082112': 'SourceImageSequence',
  '00089215': 'DerivationCodeSequence',
  '00100010': 'PatientName', '00100020': 'PatientID', '00100021': 'IssuerOfPatientID', '00100022': 'TypeOfPatientID',
  '00100030': 'PatientBirthDate', '00100040': 'PatientSex', '00101000': 'OtherPatientIDs',
  '00101001': 'OtherPatientNames', '00101002': 'OtherPatientIDsSequence', '00101010': 'PatientAge',
  '00101020': 'PatientSize', '00101030': 'PatientWeight', '001021B0': 'AdditionalPatientHistory',
  '00104000': 'PatientComments',
  '00180010': 'ContrastBolusAgent', '00180015': 'BodyPartExamined', '00180020': 'ScanningSequence',
  '00180022': 'ScanOptions', '00180023': 'MRAcquisitionType', '00180050': 'SliceThickness', '00180060': 'KVP',
  '00180080': 'RepetitionTime', '00180081': 'EchoTime', '00180087': 'MagneticFieldStrength',
  '00180088': 'SpacingBetweenSlices', '00180090': 'DataCollectionDiameter', '00181000': 'DeviceSerialNumber',
  '00181020': 'SoftwareVersions', '00181030': 'ProtocolName', '00181040': 'ContrastBolusRoute',
  '00181100': 'ReconstructionDiameter', '00181110': 'DistanceSourceToDetector',
  '00181111': 'DistanceSourceToPatient', '00181120': 'GantryDetectorTilt', '00181130': 'TableHeight',
  '00181150': 'ExposureTime', '00181151': 'XRayTubeCurrent', '00181152': 'Exposure', '00181160': 'FilterType',
  '00181190': 'FocalSpots', '00181210': 'ConvolutionKernel', '00185100': 'PatientPosition',
  '0020000D': 'StudyInstanceUID', '0020000E': 'SeriesInstanceUID', '00200010': 'StudyID',
  '00200011': 'SeriesNumber', '00200012': 'AcquisitionNumber', '00200013': 'InstanceNumber',
  '00200020': 'PatientOrientation', '00200032': 'ImagePositionPatient', '00200037': 'ImageOrientationPatient',
  '00200052': 'FrameOfReferenceUID', '00201040': 'PositionReferenceIndicator', '00201041': 'SliceLocation',
  '00204000': 'ImageComments',
  '00280002': 'SamplesPerPixel', '00280004': 'PhotometricInterpretation', '00280006': 'PlanarConfiguration',
  '00280008': 'NumberOfFrames', '00280010': 'Rows', '00280011': 'Columns', '00280030': 'PixelSpacing',
  '00280100': 'BitsAllocated', '00280101': 'BitsStored', '00280102': 'HighBit', '00280103': 'PixelRepresentation',
  '00281050': 'WindowCenter', '00281051': 'WindowWidth', '00281052': 'RescaleIntercept',
  '00281053': 'RescaleSlope', '00281054': 'RescaleType', '00282110': 'LossyImageCompression',
  '00321032': 'RequestingPhysician', '00321060': 'RequestedProcedureDescription',
  '00400244': 'PerformedProcedureStepStartDate', '00400245': 'PerformedProcedureStepStartTime',
  '00400253': 'PerformedProcedureStepID', '00400254': 'PerformedProcedureStepDescription',
  '00400275': 'RequestAttributesSequence', '00401001': 'RequestedProcedureID', '0040A170': 'PurposeOfReferenceCodeSequence',
  '7FE00010': 'PixelData',
};

/** The keyword of a tag given as 8 hex digits, or null for tags outside the short list (and private tags). */
export function keyword(tag) {
  return KEYWORDS[tag.toUpperCase()] ?? null;
}

/** "00100010" → "(0010,0010)". */
export function tagLabel(tag) {
  const t = tag.toUpperCase();
  return `(${t.slice(0, 4)},${t.slice(4)})`;
}

/** One DICOM JSON element's value as text; sequences are handled by the tree, not here. */
export function valueText(element) {
  if (!element) {
    return '';
  }
  if (element.InlineBinary !== undefined) {
    return `binary, ${Math.floor((element.InlineBinary.length * 3) / 4)} bytes`;
  }
  if (element.BulkDataURI !== undefined) {
    return 'bulk data';
  }
  if (!element.Value) {
    return '';
  }
  return element.Value.map((v) => {
    if (v === null || v === undefined) {
      return '';
    }
    if (typeof v === 'object') {
      return [v.Alphabetic, v.Ideographic, v.Phonetic].filter(Boolean).join(' = ');
    }
    return String(v);
  }).join(' \\ ');
}
