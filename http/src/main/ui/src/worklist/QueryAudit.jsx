import { useEffect, useState } from 'react';
import { worklistQueries } from './worklistApi.js';

const KEYWORDS = {
  '00080050': 'AccessionNumber', '00100010': 'PatientName', '00100020': 'PatientID', '00080060': 'Modality',
  '00400100': 'ScheduledProcedureStepSequence', '00400001': 'ScheduledStationAETitle',
  '00400002': 'ScheduledProcedureStepStartDate', '00400003': 'ScheduledProcedureStepStartTime',
  '00400020': 'ScheduledProcedureStepStatus', '0020000D': 'StudyInstanceUID', '00401001': 'RequestedProcedureID',
};

/** The matching keys of a query (DICOM JSON) as "tag=value" text, sequences flattened one level. */
function describeKeys(keys) {
  const parts = [];
  const walk = (dataSet, prefix) => {
    for (const [tag, element] of Object.entries(dataSet ?? {})) {
      const values = element?.Value ?? [];
      if (element?.vr === 'SQ') {
        values.forEach((item) => walk(item, prefix + (KEYWORDS[tag.toUpperCase()] ?? tag) + ' > '));
      } else if (values.length) {
        const text = values.map((v) => (typeof v === 'object' ? v.Alphabetic ?? JSON.stringify(v) : v)).join('\\');
        parts.push(`${prefix}${KEYWORDS[tag.toUpperCase()] ?? tag}=${text}`);
      }
    }
  };
  walk(keys, '');
  return parts.length ? parts.join(', ') : '(universal match)';
}

/** The latest Modality Worklist C-FINDs, for administrators. */
export function QueryAudit() {
  const [queries, setQueries] = useState(null);
  const [error, setError] = useState(null);

  async function load() {
    setError(null);
    try {
      setQueries((await worklistQueries()).queries ?? []);
    } catch (e) {
      setError(`Could not read the worklist query audit: ${e.message}`);
    }
  }

  useEffect(() => {
    load();
  }, []);

  return (
    <section className="panel" aria-labelledby="worklist-audit-title">
      <div className="row worklist-heading">
        <h2 id="worklist-audit-title">Worklist query audit</h2>
        <button type="button" className="secondary" onClick={load}>Refresh audit</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {queries && !queries.length && <p className="muted">No worklist queries yet.</p>}
      {queries?.length > 0 && (
        <table aria-label="Worklist queries">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Calling AE</th>
              <th scope="col">Matching keys</th>
              <th scope="col">Matches</th>
              <th scope="col">Duration</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {queries.map((q, i) => (
              <tr key={i}>
                <td>{q.at ? new Date(q.at).toLocaleString() : ''}</td>
                <td>{q.callingAeTitle}</td>
                <td className="worklist-keys">{describeKeys(q.keys)}</td>
                <td>{q.matches}</td>
                <td>{q.durationMs != null ? `${Math.round(q.durationMs)} ms` : ''}</td>
                <td>{q.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
