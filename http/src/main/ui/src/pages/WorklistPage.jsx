import { useCallback, useEffect, useState } from 'react';
import { useAuth } from '../auth.jsx';
import { CancelDialog } from '../worklist/CancelDialog.jsx';
import { EntryDialog } from '../worklist/EntryDialog.jsx';
import { QueryAudit } from '../worklist/QueryAudit.jsx';
import { WorklistFilters } from '../worklist/WorklistFilters.jsx';
import { WorklistTable } from '../worklist/WorklistTable.jsx';
import { toDicomDate, withRecent } from '../worklist/orderForm.js';
import { listEntries } from '../worklist/worklistApi.js';
import '../worklist/worklist.css';

const NO_FILTERS = { from: '', to: '', modality: '', station: '', status: '' };
const PAGE = 100;

/** Modality worklist: entries by date, modality and station; create, edit, cancel; the query audit for admins. */
export function WorklistPage() {
  const { may } = useAuth();
  const [filters, setFilters] = useState(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [dialog, setDialog] = useState(null); // {kind: 'new'|'edit'|'cancel', entry}
  const [recent, setRecent] = useState({}); // accession -> entry as saved here

  const load = useCallback(async () => {
    setError(null);
    try {
      setPage(await listEntries({
        ...filters, from: toDicomDate(filters.from), to: toDicomDate(filters.to), limit: PAGE, offset,
      }));
    } catch (e) {
      setError(`Could not load the worklist: ${e.message}`);
    }
  }, [filters, offset]);

  useEffect(() => {
    load();
  }, [load]);

  if (!may('read')) {
    return <p role="alert" className="error">You may not read the worklist.</p>;
  }
  const canManage = may('worklist');

  function saved(entry, verb) {
    setDialog(null);
    setRecent((r) => ({ ...r, [entry.accessionNumber]: entry }));
    setNotice(`Entry ${entry.accessionNumber} ${verb}.`);
    load();
  }

  return (
    <div className="worklist-page">
      <div className="row worklist-heading">
        <h1>Worklist</h1>
        {canManage && <button type="button" onClick={() => setDialog({ kind: 'new' })}>New entry</button>}
      </div>
      <WorklistFilters initial={NO_FILTERS} onSearch={(f) => { setOffset(0); setRecent({}); setFilters(f); }} />
      {notice && <p role="status" className="ok">{notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {page && (
        <WorklistTable entries={withRecent(page.entries, recent)} canManage={canManage}
                       onEdit={(entry) => setDialog({ kind: 'edit', entry })}
                       onCancel={(entry) => setDialog({ kind: 'cancel', entry })} />
      )}
      {page && (offset > 0 || page.entries.length === PAGE) && (
        <div className="row" aria-label="Pages">
          <button type="button" className="secondary" disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}>Previous page</button>
          <span className="muted">Entries {offset + 1}–{offset + page.entries.length}</span>
          <button type="button" className="secondary" disabled={page.entries.length < PAGE}
                  onClick={() => setOffset(offset + PAGE)}>Next page</button>
        </div>
      )}
      {may('admin') && <QueryAudit />}
      {dialog?.kind === 'new' && (
        <EntryDialog onClose={() => setDialog(null)} onSaved={(e) => saved(e, 'created')} />
      )}
      {dialog?.kind === 'edit' && (
        <EntryDialog entry={dialog.entry} onClose={() => setDialog(null)} onSaved={(e) => saved(e, 'saved')} />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelDialog entry={dialog.entry} onClose={() => setDialog(null)} onCancelled={(e) => saved(e, 'cancelled')} />
      )}
    </div>
  );
}
