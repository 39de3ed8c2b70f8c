import { STATUS_LABELS, showDateTime } from './orderForm.js';

function scheduledKey(entry) {
  const step = entry.order?.step ?? {};
  return (step.startDate ?? '') + (step.startTime ?? '');
}

/** Whether images arrived: the stored studies linked to the order. */
function Images({ studies }) {
  if (!studies?.length) {
    return <span className="muted">No images yet</span>;
  }
  return (
    <span className="ok">
      Images arrived ({studies.length} {studies.length === 1 ? 'study' : 'studies'})
      {studies.map((uid) => (
        <a key={uid} className="worklist-study-link" href={'#/studies/' + encodeURIComponent(uid)}>
          Open study {uid.slice(-8)}
        </a>
      ))}
    </span>
  );
}

/** The entries, by scheduled date and time; edit and cancel when {@code canManage}. */
export function WorklistTable({ entries, canManage, onEdit, onCancel }) {
  const sorted = [...entries].sort((a, b) => scheduledKey(a).localeCompare(scheduledKey(b)));
  if (!sorted.length) {
    return <p className="muted">No worklist entries match.</p>;
  }
  return (
    <table aria-label="Worklist entries">
      <thead>
        <tr>
          <th scope="col">Scheduled</th>
          <th scope="col">Accession</th>
          <th scope="col">Patient</th>
          <th scope="col">Modality</th>
          <th scope="col">Station</th>
          <th scope="col">Procedure</th>
          <th scope="col">State</th>
          <th scope="col">Images</th>
          {canManage && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {sorted.map((entry) => {
          const order = entry.order ?? {};
          const step = order.step ?? {};
          const open = entry.status === 'SCHEDULED';
          return (
            <tr key={entry.accessionNumber} data-accession={entry.accessionNumber}>
              <td>{showDateTime(step.startDate, step.startTime)}</td>
              <td>{entry.accessionNumber}</td>
              <td>
                {order.patient?.name}
                <div className="muted">{order.patient?.id}</div>
              </td>
              <td>{step.modality}</td>
              <td>{step.stationAeTitle ?? ''}</td>
              <td>{order.requestedProcedureDescription ?? step.description ?? ''}</td>
              <td className={'worklist-status worklist-status-' + entry.status.toLowerCase()}>
                {STATUS_LABELS[entry.status] ?? entry.status}
              </td>
              <td><Images studies={entry.linkedStudies} /></td>
              {canManage && (
                <td>
                  {open && (
                    <div className="worklist-actions">
                      <button type="button" className="secondary" onClick={() => onEdit(entry)}
                              aria-label={`Edit ${entry.accessionNumber}`}>Edit</button>
                      <button type="button" className="danger" onClick={() => onCancel(entry)}
                              aria-label={`Cancel ${entry.accessionNumber}`}>Cancel</button>
                    </div>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
