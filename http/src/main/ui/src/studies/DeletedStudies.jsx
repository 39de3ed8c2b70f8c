import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { getJson, sendJson } from '../api.js';
import { useAuth } from '../auth.jsx';
import { dicomDate, instant } from './format.js';
import { PurgeDialog } from './PurgeDialog.jsx';

const PAGE = 25;

// Deleted studies not yet purged: restore (delete permission) or purge now (admin).
export function DeletedStudies() {
  const { may } = useAuth();
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState(null);
  const [purging, setPurging] = useState(null);
  // the list is a view the node updates a moment after the restore or purge: hide those at once
  const [gone, setGone] = useState(() => new Set());

  const load = useCallback(async () => {
    setError(null);
    try {
      // one more than shown tells whether a next page exists
      const got = await getJson(`/api/deleted-studies?offset=${offset}&limit=${PAGE + 1}`);
      setPage({ ...got, more: got.studies.length > PAGE, studies: got.studies.slice(0, PAGE) });
    } catch (e) {
      setError(e.message);
    }
  }, [offset]);

  useEffect(() => {
    load();
  }, [load]);

  async function restore(study) {
    setMessage(null);
    setError(null);
    try {
      await sendJson('POST', `/api/studies/${encodeURIComponent(study)}/restore`);
      setGone((before) => new Set(before).add(study));
      setMessage(`Study ${study} restored.`);
    } catch (e) {
      setError(`Could not restore: ${e.message}`);
    }
  }

  const studies = page ? page.studies.filter((s) => !gone.has(s.studyInstanceUid)) : [];
  return (
    <section aria-labelledby="deleted-title">
      <h2 id="deleted-title">Deleted studies</h2>
      {page && <p className="muted">Purged automatically {page.retentionDays} days after deletion.</p>}
      {message && <p className="ok" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {page && studies.length === 0 && <p>No deleted studies.</p>}
      {page && studies.length > 0 && (
        <table aria-label="Deleted studies">
          <thead>
            <tr>
              <th scope="col">Study</th><th scope="col">Study date</th><th scope="col">Accession number</th>
              <th scope="col">Instances</th><th scope="col">Deleted</th><th scope="col">By</th>
              <th scope="col">Reason</th><th scope="col">Purged after</th><th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {studies.map((s) => (
              <tr key={s.studyInstanceUid}>
                <td className="uid"><Link to={`/studies/${encodeURIComponent(s.studyInstanceUid)}`}>
                  {s.studyInstanceUid}</Link></td>
                <td>{dicomDate(s.studyDate)}</td>
                <td>{s.accessionNumber}</td>
                <td className="number">{s.instances}</td>
                <td>{instant(s.deletedAt)}</td>
                <td>{s.deletedBy}</td>
                <td>{s.reason}</td>
                <td>{instant(s.purgeAfter)}</td>
                <td className="actions">
                  {may('delete') && (
                    <button type="button" className="secondary" onClick={() => restore(s.studyInstanceUid)}
                      aria-label={`Restore study ${s.studyInstanceUid}`}>Restore</button>
                  )}
                  {may('admin') && (
                    <button type="button" className="danger" onClick={() => setPurging(s.studyInstanceUid)}
                      aria-label={`Purge study ${s.studyInstanceUid}`}>Purge</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && (offset > 0 || page.more) && (
        <nav className="pager" aria-label="Deleted studies pages">
          <button type="button" className="secondary" disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous</button>
          <span>{offset + 1}–{offset + page.studies.length}</span>
          <button type="button" className="secondary" disabled={!page.more}
            onClick={() => setOffset(offset + PAGE)}>Next</button>
        </nav>
      )}
      {purging && (
        <PurgeDialog study={purging} onClose={() => setPurging(null)}
          onPurged={() => {
            setGone((before) => new Set(before).add(purging));
            setMessage(`Study ${purging} purged.`);
            setPurging(null);
          }} />
      )}
    </section>
  );
}
