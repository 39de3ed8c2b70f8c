import { useState } from 'react';
import { sendJson } from '../api.js';
import { Dialog } from './Dialog.jsx';
import { JobProgress } from './JobProgress.jsx';

// Purging removes a deleted study's files for good: asked for once more, then followed as a job.
export function PurgeDialog({ study, onClose, onPurged }) {
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);

  async function purge() {
    setError(null);
    try {
      setJob(await sendJson('POST', `/api/studies/${encodeURIComponent(study)}/purge`));
    } catch (e) {
      setError(e.message);
    }
  }

  function finished(last) {
    if (last.state === 'SUCCEEDED') {
      onPurged();
    } else {
      setError(`The purge ended ${last.state.toLowerCase()}${last.message ? ': ' + last.message : ''}`);
    }
  }

  return (
    <Dialog title="Purge study" onClose={onClose}>
      <p>Purge study <span className="uid">{study}</span>? Its files are removed and it cannot be restored.</p>
      {job && <JobProgress job={job} label="Purge progress" onFinished={finished} />}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="row dialog-buttons">
        <button type="button" className="danger" onClick={purge} disabled={Boolean(job)}>Purge now</button>
        <button type="button" className="secondary" onClick={onClose}>Close</button>
      </div>
    </Dialog>
  );
}
