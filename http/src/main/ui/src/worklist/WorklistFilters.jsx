import { useState } from 'react';

const STATUSES = [
  ['', 'Any state'],
  ['SCHEDULED', 'Scheduled'],
  ['IN_PROGRESS', 'In progress'],
  ['COMPLETED', 'Completed'],
  ['DISCONTINUED', 'Discontinued'],
  ['CANCELLED', 'Cancelled'],
  ['SCHEDULED,IN_PROGRESS', 'Open (scheduled or in progress)'],
];

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Date range, modality, station and state; onSearch gets the values as typed (dates as YYYY-MM-DD). */
export function WorklistFilters({ initial, onSearch }) {
  const [filters, setFilters] = useState(initial);
  const set = (name) => (e) => setFilters((f) => ({ ...f, [name]: e.target.value }));

  function submit(e) {
    e.preventDefault();
    onSearch(filters);
  }

  function showToday() {
    const next = { ...filters, from: today(), to: today() };
    setFilters(next);
    onSearch(next);
  }

  return (
    <form className="panel row" onSubmit={submit} aria-label="Worklist filters">
      <label className="field">From date<input type="date" value={filters.from} onChange={set('from')} /></label>
      <label className="field">To date<input type="date" value={filters.to} onChange={set('to')} /></label>
      <label className="field">
        Filter modality
        <input value={filters.modality} onChange={set('modality')} size={6} />
      </label>
      <label className="field">
        Filter station
        <input value={filters.station} onChange={set('station')} size={12} />
      </label>
      <label className="field">
        State
        <select value={filters.status} onChange={set('status')}>
          {STATUSES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <button type="submit">Search</button>
      <button type="button" className="secondary" onClick={showToday}>Today</button>
    </form>
  );
}
