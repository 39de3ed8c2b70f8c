import { studyKey } from './studyEdits.js';

const RESULT_TEXT = {
  ready: 'Ready',
  sending: 'Sending…',
  stored: 'Stored',
  duplicate: 'Duplicate: already stored',
  rejected: 'Rejected',
  failed: 'Failed',
};

function percent(loaded, total) {
  return total ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
}

/** A value as the file has it, or as it will be stored when the user edited it. */
function Value({ attributes, edits, name }) {
  const edited = edits?.[name]?.trim();
  if (edited === undefined || edited === attributes[name]) {
    return <td>{attributes[name]}</td>;
  }
  return (
    <td>
      <strong className="upload-edited-value">{edited}</strong>
      <div className="muted">was {attributes[name] || '(empty)'}</div>
    </td>
  );
}

/**
 * Every file: the key attributes read in the browser (with the edits it will be stored with), its progress and what
 * the server did with it. {@code edits} maps a Study Instance UID to the values the user set for that study.
 */
export function FileTable({ items, edits }) {
  return (
    <table aria-label="Files" className="upload-files">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Patient name</th>
          <th scope="col">Patient ID</th>
          <th scope="col">Accession</th>
          <th scope="col">Study date</th>
          <th scope="col">Modality</th>
          <th scope="col">Study UID</th>
          <th scope="col">Progress</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {items.map((it) => {
          const a = it.attributes;
          return (
            <tr key={it.id} data-file={it.name} className={'upload-result-' + it.phase}>
              <td className="upload-name">{it.name}</td>
              {a ? (
                <>
                  <Value attributes={a} edits={edits[studyKey(a)]} name="patientName" />
                  <Value attributes={a} edits={edits[studyKey(a)]} name="patientId" />
                  <Value attributes={a} edits={edits[studyKey(a)]} name="accessionNumber" />
                  <Value attributes={a} edits={edits[studyKey(a)]} name="studyDate" />
                  <td>{a.modality}</td>
                  <td className="upload-uid">{a.studyInstanceUid}</td>
                </>
              ) : (
                <td colSpan={6} className="muted">
                  Not readable as DICOM here ({it.readError}); sent as is, unedited.
                </td>
              )}
              <td>
                <progress max={100} value={percent(it.loaded, it.total)} aria-label={`Progress of ${it.name}`} />
              </td>
              <td className="upload-result">
                <span className="upload-status">{RESULT_TEXT[it.phase] ?? it.phase}</span>
                {it.reason && <div>{it.reason}</div>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
