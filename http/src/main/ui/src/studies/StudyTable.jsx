import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { dicomDate } from './format.js';
import { sortStudies } from './sorting.js';

const COLUMNS = [
  ['patientName', 'Patient name'],
  ['patientId', 'Patient ID'],
  ['patientBirthDate', 'Birth date'],
  ['studyDate', 'Study date'],
  ['accessionNumber', 'Accession number'],
  ['studyDescription', 'Description'],
  ['modalities', 'Modalities'],
  ['series', 'Series'],
  ['instances', 'Instances'],
];

// One page of studies; a row opens the study (click, or Enter on the focused row); headers sort the page.
export function StudyTable({ studies }) {
  const navigate = useNavigate();
  const [sort, setSort] = useState({ column: null, ascending: true });
  const rows = sortStudies(studies, sort.column, sort.ascending);

  function toggle(column) {
    setSort(sort.column === column ? { column, ascending: !sort.ascending } : { column, ascending: true });
  }

  const open = (study) => navigate(`/studies/${encodeURIComponent(study.studyInstanceUid)}`);

  return (
    <table className="studies" aria-label="Studies">
      <thead>
        <tr>
          {COLUMNS.map(([column, label]) => (
            <th key={column} scope="col"
              aria-sort={sort.column === column ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="sort" onClick={() => toggle(column)}
                aria-label={`Sort by ${label}`}>
                {label}{sort.column === column ? (sort.ascending ? ' ▲' : ' ▼') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((s) => (
          <tr key={s.studyInstanceUid} className="selectable" tabIndex={0}
            aria-label={`Open study of ${s.patientName ?? 'unnamed patient'}, ${dicomDate(s.studyDate)}`}
            onClick={() => open(s)} onKeyDown={(e) => e.key === 'Enter' && open(s)}>
            <td>{s.patientName}</td>
            <td>{s.patientId}</td>
            <td>{dicomDate(s.patientBirthDate)}</td>
            <td>{dicomDate(s.studyDate)}</td>
            <td>{s.accessionNumber}</td>
            <td>{s.studyDescription}</td>
            <td>{(s.modalities ?? []).join(', ')}</td>
            <td className="number">{s.series}</td>
            <td className="number">{s.instances}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
