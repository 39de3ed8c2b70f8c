import { EDITABLE, valueProblem } from './studyEdits.js';

function WorklistProposal({ match, onUse, disabled }) {
  const { entry, by } = match;
  const order = entry.order ?? {};
  return (
    <div className="upload-proposal" role="group" aria-label="Proposed worklist entry">
      <strong>Worklist entry {entry.accessionNumber}</strong>
      {' '}(matched by {by === 'accession' ? 'accession number' : 'patient ID'}):
      {' '}{order.patient?.name} ({order.patient?.id}), {order.step?.modality}
      {order.step?.stationAeTitle ? ` at ${order.step.stationAeTitle}` : ''}, scheduled {order.step?.startDate},
      {' '}{entry.status.toLowerCase().replace('_', ' ')}.
      {' '}
      <button type="button" className="secondary" disabled={disabled} onClick={() => onUse({
        patientId: order.patient?.id ?? '',
        patientName: order.patient?.name ?? '',
        accessionNumber: entry.accessionNumber,
      })}>Use worklist entry</button>
    </div>
  );
}

function PatientProposal({ patient, onUse, disabled }) {
  return (
    <div className="upload-proposal" role="group" aria-label="Proposed existing patient">
      <strong>Existing patient {patient.id}</strong>: {patient.name || '(no name)'}, {patient.studies}
      {patient.more ? '+' : ''} stored {patient.studies === 1 ? 'study' : 'studies'}.
      {' '}
      <button type="button" className="secondary" disabled={disabled}
              onClick={() => onUse({ patientId: patient.id, patientName: patient.name })}>Use this patient</button>
    </div>
  );
}

/** One study of the upload: what its files say, the proposed match, and the values to store it with. */
export function StudyEditor({ group, edits, match, disabled, onChange, onLookup }) {
  const a = group.attributes;
  const set = (key) => (e) => onChange({ ...edits, [key]: e.target.value });
  const use = (values) => onChange({ ...edits, ...values });
  return (
    <fieldset className="panel upload-study" aria-label={`Study ${group.studyInstanceUid}`}>
      <legend>
        Study of {a.studyDate || 'unknown date'}, {a.modality || '?'}: {group.items.length}
        {group.items.length === 1 ? ' file' : ' files'}
      </legend>
      <p className="muted upload-uid">Study Instance UID {group.studyInstanceUid}</p>
      <div className="upload-match" aria-live="polite">
        {!match && <span className="muted">Looking for a matching worklist entry or patient…</span>}
        {match?.worklist && <WorklistProposal match={match.worklist} disabled={disabled} onUse={use} />}
        {match?.patient && <PatientProposal patient={match.patient} disabled={disabled} onUse={use} />}
        {match && !match.worklist && !match.patient && (
          <span className="muted">
            No worklist entry for this accession number and no stored patient with this ID: a new patient.
          </span>
        )}
        {match?.problems?.map((p) => <p key={p} className="error">{p}</p>)}
      </div>
      <div className="row">
        {EDITABLE.map(({ key, label }) => {
          const problem = valueProblem(key, edits[key] ?? '');
          const changed = (edits[key] ?? '').trim() !== (a[key] ?? '');
          return (
            <label key={key} className={'field' + (changed ? ' upload-changed' : '')}>
              {label}{changed ? ' (edited)' : ''}
              <input value={edits[key] ?? ''} onChange={set(key)} disabled={disabled}
                     placeholder={key === 'studyDate' ? 'YYYYMMDD' : key === 'patientName' ? 'Family^Given' : ''}
                     aria-invalid={problem ? 'true' : undefined} />
              {changed && <span className="muted">was “{a[key]}”</span>}
              {problem && <span className="error">{problem}</span>}
            </label>
          );
        })}
        <button type="button" className="secondary" disabled={disabled} onClick={onLookup}>Look up match again</button>
      </div>
    </fieldset>
  );
}
