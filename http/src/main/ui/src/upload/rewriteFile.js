// Applies the user's edits to a DICOM file in the browser (dcmjs: read, change, write), so the archive stores files
// that carry them.
import dcmjs from 'dcmjs';

const { DicomMessage } = dcmjs.data;
const SPECIFIC_CHARACTER_SET = '00080005';

function isAscii(text) {
  return [...text].every((c) => c.charCodeAt(0) < 0x80);
}

/** The file's bytes with each change [{tag, vr, value}] applied; the bytes unchanged when there is none. */
export function rewrite(bytes, changeList) {
  if (!changeList.length) {
    return bytes;
  }
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const file = DicomMessage.readFile(buffer);
  for (const { tag, vr, value } of changeList) {
    const values = value === '' ? [] : vr === 'PN' ? [{ Alphabetic: value }] : [value];
    file.upsertTag(tag, file.dict[tag]?.vr ?? vr, values);
  }
  if (!changeList.every(({ value }) => isAscii(value))) {
    // dcmjs writes text as UTF-8; say so, or the archive would read it as the default repertoire
    file.upsertTag(SPECIFIC_CHARACTER_SET, 'CS', ['ISO_IR 192']);
  }
  return new Uint8Array(file.write());
}
