import { useEffect, useState } from 'react';
import { getJson, request, sendJson } from '../api.js';
import { Dialog } from './Dialog.jsx';
import { toDicomDate, toIsoDate } from './format.js';
import { JobProgress } from './JobProgress.jsx';

const path = (study) => `/api/studies/${encodeURIComponent(study)}`;

// Soft delete: restorable until purged; the reason goes into the study's history.
export function DeleteDialog({ study, onClose, onDeleted }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request(`${path(study)}?reason=${encodeURIComponent(reason.trim())}`, { method: 'DELETE' });
      onDeleted();
    } catch (e) {
      setError(`Could not delete: ${e.message}`);
      setBusy(false);
    }
  }

  return (
    <Dialog title="Delete study" onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p>The study disappears from searches and retrieval; it can be restored until it is purged.</p>
        <label htmlFor="delete-reason">Reason</label>
        <textarea id="delete-reason" value={reason} onChange={(e) => setReason(e.target.value)} required rows={3} />
        {error && <p className="error" role="alert">{error}</p>}
        <div className="row dialog-buttons">
          <button type="submit" className="danger" disabled={busy || !reason.trim()}>Delete study</button>
          <button type="button" className="secondary" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

const EDITABLE = [
  ['PatientName', 'Patient name', 'patientName'],
  ['PatientID', 'Patient ID', 'patientId'],
  ['AccessionNumber', 'Accession number', 'accessionNumber'],
  ['StudyDate', 'Study date', 'studyDate'],
];

// Corrections of patient and study attributes (modify permission); only changed fields are sent.
export function EditDialog({ study, summary, onClose, onChanged }) {
  const initial = Object.fromEntries(EDITABLE.map(([key, , field]) =>
    [key, key === 'StudyDate' ? toIsoDate(summary?.[field]) : summary?.[field] ?? '']));
  const [values, setValues] = useState(initial);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const changes = {};
  for (const [key] of EDITABLE) {
    if (values[key] !== initial[key]) {
      changes[key] = key === 'StudyDate' ? toDicomDate(values[key]) : values[key].trim();
    }
  }
  const changed = Object.keys(changes).length > 0;

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await sendJson('POST', `${path(study)}/attributes`, { changes, reason: reason.trim() });
      onChanged();
    } catch (e) {
      setError(`Could not change the attributes: ${e.message}`);
      setBusy(false);
    }
  }

  return (
    <Dialog title="Edit attributes" onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        {EDITABLE.map(([key, label]) => (
          <div className="field" key={key}>
            <label htmlFor={`edit-${key}`}>{label}</label>
            <input id={`edit-${key}`} type={key === 'StudyDate' ? 'date' : 'text'} value={values[key]}
              onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="edit-reason">Reason for the change</label>
          <textarea id="edit-reason" value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="row dialog-buttons">
          <button type="submit" disabled={busy || !changed || !reason.trim()}>Save changes</button>
          <button type="button" className="secondary" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}

// C-STORE to one of the configured AEs, as a job whose progress is followed until it ends.
export function SendDialog({ study, onClose }) {
  const [destinations, setDestinations] = useState(null);
  const [destination, setDestination] = useState('');
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    getJson('/api/destinations').then((list) => {
      setDestinations(list);
      setDestination(list[0]?.aeTitle ?? '');
    }).catch((e) => setError(`Could not read the destinations: ${e.message}`));
  }, []);

  async function submit(event) {
    event.preventDefault();
    setError(null);
    try {
      setJob(await sendJson('POST', `${path(study)}/send`, { destination }));
    } catch (e) {
      setError(`Could not send: ${e.message}`);
    }
  }

  return (
    <Dialog title="Send study" onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        {destinations && destinations.length === 0 && <p>No destination is configured on this node.</p>}
        {destinations && destinations.length > 0 && (
          <div className="field">
            <label htmlFor="send-destination">Destination</label>
            <select id="send-destination" value={destination} onChange={(e) => setDestination(e.target.value)}
              disabled={Boolean(job)}>
              {destinations.map((d) => (
                <option key={d.aeTitle} value={d.aeTitle}>{d.aeTitle} ({d.host}:{d.port})</option>
              ))}
            </select>
          </div>
        )}
        {job && <JobProgress job={job} label="Send progress" />}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="row dialog-buttons">
          <button type="submit" disabled={!destination || Boolean(job)}>Send</button>
          <button type="button" className="secondary" onClick={onClose}>Close</button>
        </div>
      </form>
    </Dialog>
  );
}
