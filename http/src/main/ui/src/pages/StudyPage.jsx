import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { download, getJson } from '../api.js';
import { useAuth } from '../auth.jsx';
import { History } from '../studies/History.jsx';
import { PurgeDialog } from '../studies/PurgeDialog.jsx';
import { SeriesList } from '../studies/SeriesList.jsx';
import { DeleteDialog, EditDialog, SendDialog } from '../studies/StudyDialogs.jsx';
import { dicomDate, dicomTime, instant } from '../studies/format.js';
import { sendJson } from '../api.js';
import '../studies/studies.css';

const path = (study) => `/api/studies/${encodeURIComponent(study)}`;

// One study: who and what it is, its series and instances with every attribute, its history, and what the signed-in
// user may do with it.
export function StudyPage() {
  const { study } = useParams();
  const { may } = useAuth();
  const navigate = useNavigate();
  const [detail, setDetail] = useState(null);
  const [summary, setSummary] = useState(null);
  const [history, setHistory] = useState([]);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState(null);
  const [dialog, setDialog] = useState(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [d, h] = await Promise.all([getJson(path(study)), getJson(`${path(study)}/history`)]);
      setDetail(d);
      setHistory(h.events ?? []);
      const found = d.deleted ? null
        : await getJson(`/api/studies?StudyInstanceUID=${encodeURIComponent(study)}&limit=1`);
      setSummary(found?.studies?.[0] ?? null);
    } catch (e) {
      setError(e.status === 404 ? 'There is no such study (it may have been purged).' : e.message);
    }
  }, [study]);

  useEffect(() => {
    load();
  }, [load]);

  async function restore() {
    setMessage(null);
    try {
      await sendJson('POST', `${path(study)}/restore`);
      setMessage('The study is restored.');
      await load();
    } catch (e) {
      setError(`Could not restore: ${e.message}`);
    }
  }

  async function zip() {
    setMessage(null);
    try {
      await download(`${path(study)}/archive`, `${study}.zip`);
    } catch (e) {
      setError(`Could not download: ${e.message}`);
    }
  }

  const closed = (note) => async () => {
    setDialog(null);
    setMessage(note);
    await load();
  };

  if (error && !detail) {
    return (
      <div className="study-page">
        <p><Link to="/studies">← Studies</Link></p>
        <p className="error" role="alert">{error}</p>
      </div>
    );
  }
  if (!detail) {
    return <p className="loading" role="status">Loading study…</p>;
  }
  const deleted = detail.deleted;
  const corrections = Object.entries(detail.corrections ?? {});
  return (
    <div className="study-page">
      <p><Link to="/studies">← Studies</Link></p>
      <div className="study-heading">
        <h1>{summary?.patientName || (deleted ? 'Deleted study' : 'Study')}</h1>
        <div className="row study-actions" role="group" aria-label="Study actions">
          {!deleted && <Link className="button" to={`/viewer/${encodeURIComponent(study)}`}>Open in viewer</Link>}
          {!deleted && <button type="button" className="secondary" onClick={zip}>Download ZIP</button>}
          {!deleted && may('send') && (
            <button type="button" className="secondary" onClick={() => setDialog('send')}>Send to…</button>)}
          {!deleted && may('modify') && (
            <button type="button" className="secondary" onClick={() => setDialog('edit')}>Edit attributes</button>)}
          {!deleted && may('delete') && (
            <button type="button" className="danger" onClick={() => setDialog('delete')}>Delete</button>)}
          {deleted && may('delete') && <button type="button" onClick={restore}>Restore</button>}
          {deleted && may('admin') && (
            <button type="button" className="danger" onClick={() => setDialog('purge')}>Purge</button>)}
        </div>
      </div>
      {message && <p className="ok" role="status">{message}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      {deleted && (
        <p className="deleted-note" role="status">
          Deleted {instant(detail.deletion?.at)} by {detail.deletion?.by ?? 'unknown'}
          {detail.deletion?.reason ? ` — reason: ${detail.deletion.reason}` : ''}.
        </p>
      )}
      <section className="panel" aria-label="Summary">
        <dl className="summary">
          <dt>Patient name</dt><dd>{summary?.patientName}</dd>
          <dt>Patient ID</dt><dd>{summary?.patientId}</dd>
          <dt>Birth date</dt><dd>{dicomDate(summary?.patientBirthDate)}</dd>
          <dt>Sex</dt><dd>{summary?.patientSex}</dd>
          <dt>Study date</dt><dd>{dicomDate(summary?.studyDate)} {dicomTime(summary?.studyTime)}</dd>
          <dt>Accession number</dt><dd>{summary?.accessionNumber}</dd>
          <dt>Description</dt><dd>{summary?.studyDescription}</dd>
          <dt>Modalities</dt><dd>{(summary?.modalities ?? []).join(', ')}</dd>
          <dt>Study UID</dt><dd className="uid">{study}</dd>
          {detail.orders?.length > 0 && <><dt>Orders</dt><dd>{detail.orders.join(', ')}</dd></>}
          {corrections.length > 0 && (
            <><dt>Corrected</dt><dd>{corrections.map(([k, v]) => `${k} = ${v}`).join('; ')}</dd></>)}
        </dl>
      </section>
      <SeriesList key={`${study}-${deleted}`} study={study} series={detail.series ?? []} deleted={deleted} />
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <History events={history} />
      </section>
      {dialog === 'delete' && (
        <DeleteDialog study={study} onClose={() => setDialog(null)} onDeleted={closed('The study is deleted.')} />)}
      {dialog === 'edit' && (
        <EditDialog study={study} summary={summary} onClose={() => setDialog(null)}
          onChanged={closed('The attributes are changed.')} />)}
      {dialog === 'send' && <SendDialog study={study} onClose={() => setDialog(null)} />}
      {dialog === 'purge' && (
        <PurgeDialog study={study} onClose={() => setDialog(null)}
          onPurged={() => navigate('/studies?view=deleted')} />)}
    </div>
  );
}
