// Proposes what an uploaded study belongs to: a worklist entry (by accession number, else an open entry of the
// patient) and an existing patient (by patient ID, from the studies already stored).
import { ApiError, getJson } from '../api.js';

async function worklistEntry(accession) {
  try {
    return await getJson('/api/worklist/' + encodeURIComponent(accession));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

async function openEntryOfPatient(patientId) {
  const page = await getJson('/api/worklist?status=SCHEDULED,IN_PROGRESS&limit=10&patientId='
    + encodeURIComponent(patientId));
  return page.entries?.[0] ?? null;
}

async function storedPatient(patientId) {
  const page = await getJson('/api/studies?limit=20&PatientID=' + encodeURIComponent(patientId));
  const studies = page.studies ?? [];
  if (!studies.length) return null;
  return { id: patientId, name: studies[0].patientName ?? '', studies: studies.length, more: Boolean(page.more) };
}

/** {worklist: {entry, by: 'accession'|'patient'} | null, patient: {...} | null, problems: [...]}. */
export async function proposeMatch({ accessionNumber, patientId }) {
  const result = { worklist: null, patient: null, problems: [] };
  try {
    let entry = accessionNumber ? await worklistEntry(accessionNumber) : null;
    if (entry && entry.status !== 'CANCELLED') {
      result.worklist = { entry, by: 'accession' };
    } else if (patientId) {
      entry = await openEntryOfPatient(patientId);
      if (entry) result.worklist = { entry, by: 'patient' };
    }
  } catch (e) {
    result.problems.push(`Worklist lookup failed: ${e.message}`);
  }
  try {
    result.patient = patientId ? await storedPatient(patientId) : null;
  } catch (e) {
    result.problems.push(`Patient lookup failed: ${e.message}`);
  }
  return result;
}
