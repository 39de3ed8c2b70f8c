import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { getJson } from '../api.js';
import { useAuth } from '../auth.jsx';
import { DeletedStudies } from '../studies/DeletedStudies.jsx';
import { SearchForm, formFromQuery } from '../studies/SearchForm.jsx';
import { StudyTable } from '../studies/StudyTable.jsx';
import '../studies/studies.css';

const MATCHING = ['PatientName', 'PatientID', 'AccessionNumber', 'ModalitiesInStudy', 'StudyDate'];
const PAGE_SIZES = [10, 25, 50, 100];

// The study browser: the search lives in the URL (#/studies?PatientName=DOE*&offset=25), so a link runs it again.
export function StudiesPage() {
  const { may } = useAuth();
  const [params, setParams] = useSearchParams();
  const deletedView = params.get('view') === 'deleted' && may('delete');
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const limit = Math.max(1, Number(params.get('limit')) || 25);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  // a Search with the same fields runs again: the archive may have changed since
  const [runs, setRuns] = useState(0);
  const searchKey = params.toString();
  const initialForm = useMemo(() => formFromQuery(params), [searchKey]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (deletedView) {
      return undefined;
    }
    const abort = new AbortController();
    const query = new URLSearchParams();
    for (const key of MATCHING) {
      if (params.get(key)) {
        query.set(key, params.get(key));
      }
    }
    query.set('offset', String(offset));
    query.set('limit', String(limit));
    setBusy(true);
    setError(null);
    getJson('/api/studies?' + query, { signal: abort.signal })
      .then((page) => {
        const modality = params.get('ModalitiesInStudy');
        // The server may not match ModalitiesInStudy yet: never show a study of another modality.
        const studies = modality ? page.studies.filter((s) => (s.modalities ?? []).includes(modality)) : page.studies;
        setResult({ ...page, studies, key: searchKey });
      })
      .catch((e) => {
        if (e.name !== 'AbortError') {
          setError(e.status === 400 ? `The search was refused: ${e.message}` : `The search failed: ${e.message}`);
          setResult(null);
        }
      })
      .finally(() => setBusy(false));
    return () => abort.abort();
  }, [searchKey, deletedView, runs]); // eslint-disable-line react-hooks/exhaustive-deps

  function search(matching) {
    setRuns((n) => n + 1);
    setParams({ ...matching, ...(limit !== 25 ? { limit: String(limit) } : {}) });
  }

  function go(changes) {
    const next = new URLSearchParams(params);
    Object.entries(changes).forEach(([k, v]) => next.set(k, String(v)));
    setParams(next);
  }

  const sizes = PAGE_SIZES.includes(limit) ? PAGE_SIZES : [...PAGE_SIZES, limit].sort((a, b) => a - b);

  return (
    <div className="studies-page">
      <div className="studies-heading">
        <h1>Studies</h1>
        {may('delete') && (
          <nav className="view-switch" aria-label="Study lists">
            <Link to="/studies" aria-current={deletedView ? undefined : 'page'}>Search</Link>
            <Link to="/studies?view=deleted" aria-current={deletedView ? 'page' : undefined}>Deleted studies</Link>
          </nav>
        )}
      </div>
      {deletedView ? <DeletedStudies /> : (
        <>
          <SearchForm key={searchKey} initial={initialForm} onSearch={search} busy={busy} />
          {error && <p className="error" role="alert">{error}</p>}
          {result && (
            <section aria-label="Search results">
              <div className="row results-bar">
                <span role="status" aria-live="polite">
                  {busy || result.key !== searchKey ? 'Searching…' : result.studies.length === 0 ? 'No study matches.'
                    : `Studies ${offset + 1}–${offset + result.studies.length}${result.more ? ', more on the next page' : ''}`}
                </span>
                <nav className="pager" aria-label="Result pages">
                  <button type="button" className="secondary" disabled={offset === 0 || busy}
                    onClick={() => go({ offset: Math.max(0, offset - limit) })}>Previous page</button>
                  <button type="button" className="secondary" disabled={!result.more || busy}
                    onClick={() => go({ offset: offset + limit })}>Next page</button>
                  <label htmlFor="page-size">Rows per page</label>
                  <select id="page-size" value={limit} onChange={(e) => go({ limit: e.target.value, offset: 0 })}>
                    {sizes.map((n) => <option key={n} value={n}>{n}</option>)}
                  </select>
                </nav>
              </div>
              {result.studies.length > 0 && <StudyTable studies={result.studies} />}
            </section>
          )}
        </>
      )}
    </div>
  );
}
