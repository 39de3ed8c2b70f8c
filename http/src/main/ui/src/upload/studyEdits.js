// Pure functions over the files of an upload: grouping by study and the tag edits the user asked for.

/** The attributes the user may change before storing, with their DICOM tag and VR. */
export const EDITABLE = [
  { key: 'patientId', label: 'Patient ID', tag: '00100020', vr: 'LO' },
  { key: 'patientName', label: 'Patient name', tag: '00100010', vr: 'PN' },
  { key: 'accessionNumber', label: 'Accession number', tag: '00080050', vr: 'SH' },
  { key: 'studyDate', label: 'Study date', tag: '00080020', vr: 'DA' },
];

/** The key of a file's study: its Study Instance UID (files without one go together). */
export function studyKey(attributes) {
  return attributes.studyInstanceUid || '(no Study Instance UID)';
}

/** The readable files grouped by Study Instance UID, in order of appearance; attributes from the first file. */
export function groupByStudy(items) {
  const groups = new Map();
  for (const it of items) {
    if (!it.attributes) continue;
    const uid = studyKey(it.attributes);
    if (!groups.has(uid)) {
      groups.set(uid, { studyInstanceUid: uid, attributes: it.attributes, items: [] });
    }
    groups.get(uid).items.push(it);
  }
  return [...groups.values()];
}

/** The starting values of a study's edit form: what its files say. */
export function originalValues(attributes) {
  return Object.fromEntries(EDITABLE.map(({ key }) => [key, attributes[key] ?? '']));
}

/** The attributes whose value in {@code edits} differs from the file's: [{tag, vr, key, value}]. */
export function changes(attributes, edits) {
  if (!edits) return [];
  return EDITABLE
    .filter(({ key }) => edits[key] !== undefined && edits[key].trim() !== (attributes[key] ?? ''))
    .map(({ tag, vr, key }) => ({ tag, vr, key, value: edits[key].trim() }));
}

/** Why an edited value would make a bad attribute, or null. */
export function valueProblem(key, value) {
  const v = value.trim();
  if (key === 'studyDate' && v && !/^\d{8}$/.test(v)) return 'Study date must be YYYYMMDD.';
  if (key === 'accessionNumber' && v.length > 16) return 'Accession number has at most 16 characters.';
  if (key === 'patientId' && v.length > 64) return 'Patient ID has at most 64 characters.';
  if (key === 'patientName' && v.length > 320) return 'Patient name is too long.';
  if (/[\\\r\n]/.test(v)) return 'Values may not contain backslashes or line breaks.';
  return null;
}
