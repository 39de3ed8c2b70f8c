import { useState } from 'react';
import { dateRange, splitDateRange } from './format.js';

const MODALITIES = ['CR', 'CT', 'DX', 'MG', 'MR', 'NM', 'OT', 'PT', 'RF', 'SC', 'US', 'XA'];

/** The search fields as they sit in the URL (QIDO-style keywords) ↔ the form's fields. */
export function formFromQuery(query) {
  const [from, to] = splitDateRange(query.get('StudyDate') ?? '');
  return {
    PatientName: query.get('PatientName') ?? '',
    PatientID: query.get('PatientID') ?? '',
    AccessionNumber: query.get('AccessionNumber') ?? '',
    Modality: query.get('ModalitiesInStudy') ?? '',
    from,
    to,
  };
}

export function queryFromForm(form) {
  const query = {};
  for (const key of ['PatientName', 'PatientID', 'AccessionNumber']) {
    if (form[key].trim()) {
      query[key] = form[key].trim();
    }
  }
  if (form.Modality.trim()) {
    query.ModalitiesInStudy = form.Modality.trim().toUpperCase();
  }
  const range = dateRange(form.from, form.to);
  if (range) {
    query.StudyDate = range;
  }
  return query;
}

// The study search form; onSearch gets the QIDO-style matching keys.
export function SearchForm({ initial, onSearch, busy }) {
  const [form, setForm] = useState(initial);
  const set = (key) => (e) => setForm({ ...form, [key]: e.target.value });

  function submit(event) {
    event.preventDefault();
    onSearch(queryFromForm(form));
  }

  function clear() {
    const empty = { PatientName: '', PatientID: '', AccessionNumber: '', Modality: '', from: '', to: '' };
    setForm(empty);
    onSearch({});
  }

  return (
    <form className="panel row study-search" onSubmit={submit} role="search" aria-label="Search studies">
      <div className="field">
        <label htmlFor="search-name">Patient name</label>
        <input id="search-name" value={form.PatientName} onChange={set('PatientName')} placeholder="DOE* or ?OE^J*"
          title="Wildcards: * any characters, ? one character" />
      </div>
      <div className="field">
        <label htmlFor="search-id">Patient ID</label>
        <input id="search-id" value={form.PatientID} onChange={set('PatientID')} size={12} />
      </div>
      <div className="field">
        <label htmlFor="search-accession">Accession number</label>
        <input id="search-accession" value={form.AccessionNumber} onChange={set('AccessionNumber')} size={12} />
      </div>
      <div className="field">
        <label htmlFor="search-modality">Modality</label>
        <input id="search-modality" value={form.Modality} onChange={set('Modality')} list="search-modalities" size={5} />
        <datalist id="search-modalities">
          {MODALITIES.map((m) => <option key={m} value={m} />)}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="search-from">Study date from</label>
        <input id="search-from" type="date" value={form.from} onChange={set('from')} />
      </div>
      <div className="field">
        <label htmlFor="search-to">Study date to</label>
        <input id="search-to" type="date" value={form.to} onChange={set('to')} min={form.from || undefined} />
      </div>
      <button type="submit" disabled={busy}>Search</button>
      <button type="button" className="secondary" onClick={clear}>Clear</button>
    </form>
  );
}
