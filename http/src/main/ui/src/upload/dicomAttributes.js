// The key attributes of a DICOM file, read in the browser with dicom-parser (the header only, never the pixels).
import dicomParser from 'dicom-parser';

const PIXEL_DATA = 'x7fe00010';

function parse(bytes) {
  try {
    return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA });
  } catch (part10Problem) {
    // a bare data set without the Part 10 header: try it as implicit VR little endian, the default
    try {
      return dicomParser.parseDicom(bytes, { untilTag: PIXEL_DATA, TransferSyntaxUID: '1.2.840.10008.1.2' });
    } catch {
      throw part10Problem;
    }
  }
}

/**
 * {patientName, patientId, accessionNumber, studyDate, modality, studyInstanceUid, seriesInstanceUid,
 * sopInstanceUid, part10}; throws when the bytes are not DICOM (or not a DICOM instance: no SOP Instance UID).
 */
export function readKeyAttributes(bytes) {
  const ds = parse(bytes);
  const text = (tag) => (ds.string(tag) ?? '').trim();
  const attributes = {
    patientName: text('x00100010'),
    patientId: text('x00100020'),
    accessionNumber: text('x00080050'),
    studyDate: text('x00080020'),
    modality: text('x00080060'),
    studyInstanceUid: text('x0020000d'),
    seriesInstanceUid: text('x0020000e'),
    sopInstanceUid: text('x00080018'),
    part10: Boolean(ds.elements.x00020010),
  };
  if (!attributes.sopInstanceUid) {
    throw new Error('no SOP Instance UID: not a DICOM instance');
  }
  return attributes;
}
