// Between a worklist entry's Order (openapi.json) and the flat values of the entry form. Pure functions.

/** '2026-12-02' (an <input type=date>) as the DICOM DA '20261202'; '' stays ''. */
export function toDicomDate(isoDate) {
  return (isoDate ?? '').replaceAll('-', '');
}

/** DICOM DA '20261202' as '2026-12-02' for an <input type=date>. */
export function fromDicomDate(da) {
  return /^\d{8}$/.test(da ?? '') ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : '';
}

/** '09:30' as the DICOM TM '093000'. */
export function toDicomTime(time) {
  const digits = (time ?? '').replaceAll(':', '');
  return digits.length === 4 ? digits + '00' : digits;
}

/** DICOM TM '093000[.fff]' as '09:30' for an <input type=time>. */
export function fromDicomTime(tm) {
  return /^\d{4}/.test(tm ?? '') ? `${tm.slice(0, 2)}:${tm.slice(2, 4)}` : '';
}

/** A DICOM date/time for reading: '20261202' '093000' → '2026-12-02 09:30'. */
export function showDateTime(da, tm) {
  return [fromDicomDate(da) || da, fromDicomTime(tm)].filter(Boolean).join(' ');
}

export const EMPTY_FORM = {
  accessionNumber: '', patientId: '', patientName: '', birthDate: '', sex: '', modality: '', stationAeTitle: '',
  startDate: '', startTime: '', description: '', priority: '',
};

/** The form's values for an existing entry. */
export function formFromEntry(entry) {
  const order = entry.order ?? {};
  const patient = order.patient ?? {};
  const step = order.step ?? {};
  return {
    accessionNumber: entry.accessionNumber ?? '',
    patientId: patient.id ?? '',
    patientName: patient.name ?? '',
    birthDate: fromDicomDate(patient.birthDate),
    sex: patient.sex ?? '',
    modality: step.modality ?? '',
    stationAeTitle: step.stationAeTitle ?? '',
    startDate: fromDicomDate(step.startDate),
    startTime: fromDicomTime(step.startTime),
    description: order.requestedProcedureDescription ?? '',
    priority: order.priority ?? '',
  };
}

/**
 * The Order to send: the form's values laid over {@code base} (the entry's order when editing), so what the form
 * does not show (codes, physicians, order numbers) survives a PUT, which replaces the whole order.
 */
export function orderFromForm(form, base = {}) {
  const optional = (v) => (v === '' ? null : v);
  return {
    ...base,
    accessionNumber: form.accessionNumber.trim(),
    patient: {
      ...(base.patient ?? {}),
      id: form.patientId.trim(),
      name: form.patientName.trim(),
      birthDate: optional(toDicomDate(form.birthDate)),
      sex: optional(form.sex),
    },
    requestedProcedureDescription: optional(form.description.trim()),
    priority: optional(form.priority),
    step: {
      ...(base.step ?? {}),
      modality: form.modality.trim().toUpperCase(),
      stationAeTitle: optional(form.stationAeTitle.trim()),
      startDate: toDicomDate(form.startDate),
      startTime: optional(toDicomTime(form.startTime)),
    },
  };
}

/** What is missing or malformed in the form, as messages; empty when it may be sent. */
export function formProblems(form) {
  const problems = [];
  if (!form.accessionNumber.trim()) problems.push('Accession number is required.');
  if (form.accessionNumber.trim().length > 16) problems.push('Accession number has at most 16 characters.');
  if (!form.patientId.trim()) problems.push('Patient ID is required.');
  if (!form.patientName.trim()) problems.push('Patient name is required.');
  if (!form.modality.trim()) problems.push('Modality is required.');
  if (!form.startDate) problems.push('Scheduled date is required.');
  if (form.stationAeTitle.trim().length > 16) problems.push('Station AE title has at most 16 characters.');
  return problems;
}

/** The MPPS-driven state of an entry, in words. */
export const STATUS_LABELS = {
  SCHEDULED: 'Scheduled',
  IN_PROGRESS: 'In progress (MPPS)',
  COMPLETED: 'Completed (MPPS)',
  DISCONTINUED: 'Discontinued (MPPS)',
  CANCELLED: 'Cancelled',
};

/**
 * The listed entries with the ones just saved laid over them: the list is read from a view that may lag a moment
 * behind the write, and a saved entry should not seem to vanish or to keep its old values.
 */
export function withRecent(listed, recent) {
  const newer = (a, b) => (a.updatedAt ?? '') >= (b.updatedAt ?? '');
  const merged = listed.map((e) => (recent[e.accessionNumber] && newer(recent[e.accessionNumber], e)
    ? recent[e.accessionNumber] : e));
  const present = new Set(listed.map((e) => e.accessionNumber));
  return [...merged, ...Object.values(recent).filter((e) => !present.has(e.accessionNumber))];
}
