import { useEffect, useState } from 'react';
import { getJson } from '../api.js';

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Follows a job (GET /api/jobs/{id}) until it finishes, with a progress bar; onFinished gets the last state. */
export function JobProgress({ job: started, label, onFinished }) {
  const [job, setJob] = useState(started);
  const [error, setError] = useState(null);

  useEffect(() => {
    let stopped = false;
    let timer;
    async function poll() {
      try {
        const now = await getJson(`/api/jobs/${encodeURIComponent(started.id)}`);
        if (stopped) {
          return;
        }
        setJob(now);
        if (FINISHED.has(now.state)) {
          onFinished?.(now);
          return;
        }
      } catch (e) {
        if (!stopped) {
          setError(e.message);
        }
      }
      timer = setTimeout(poll, 400);
    }
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [started.id]);

  const total = job.progress?.total ?? 0;
  const done = job.progress?.done ?? 0;
  const finished = FINISHED.has(job.state);
  const value = job.state === 'SUCCEEDED' ? 1 : total > 0 ? done / total : 0;
  return (
    <div className="job-progress" aria-live="polite">
      <progress aria-label={label} max="1" value={finished || total > 0 ? value : undefined} />
      <p className={job.state === 'SUCCEEDED' ? 'ok' : job.state === 'FAILED' ? 'error' : 'muted'} role="status">
        {label}: {job.state.toLowerCase()}{total > 0 ? ` (${done} of ${total})` : ''}
        {job.message ? ` — ${job.message}` : ''}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
