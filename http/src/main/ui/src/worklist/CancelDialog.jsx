import { useState } from 'react';
import { Dialog } from './Dialog.jsx';
import { cancelEntry } from './worklistApi.js';

/** Asks why, then cancels the entry (DELETE); calls onCancelled with the entry as it is now. */
export function CancelDialog({ entry, onClose, onCancelled }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function confirm(e) {
    e.preventDefault();
    setBusy(true);
    try {
      onCancelled(await cancelEntry(entry.accessionNumber, reason.trim()));
    } catch (err) {
      setError(`Could not cancel: ${err.message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Cancel worklist entry ${entry.accessionNumber}`} onClose={onClose}>
      <form onSubmit={confirm}>
        <p>
          {entry.order?.patient?.name} ({entry.order?.patient?.id}), {entry.order?.step?.modality}. Modalities will no
          longer see it in their worklist.
        </p>
        <label className="field">
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row worklist-actions">
          <button type="submit" className="danger" disabled={busy}>Cancel entry</button>
          <button type="button" className="secondary" onClick={onClose}>Keep entry</button>
        </div>
      </form>
    </Dialog>
  );
}
