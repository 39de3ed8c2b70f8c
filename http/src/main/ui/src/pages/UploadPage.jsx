import { useState } from 'react';
import { useAuth } from '../auth.jsx';
import { readFiles } from '../upload/collectFiles.js';
import { readKeyAttributes } from '../upload/dicomAttributes.js';
import { DropZone } from '../upload/DropZone.jsx';
import { FileTable } from '../upload/FileTable.jsx';
import { proposeMatch } from '../upload/matching.js';
import { rewrite } from '../upload/rewriteFile.js';
import { sendFile } from '../upload/sendFile.js';
import { StudyEditor } from '../upload/StudyEditor.jsx';
import { EDITABLE, changes, groupByStudy, originalValues, studyKey, valueProblem } from '../upload/studyEdits.js';
import '../upload/upload.css';

function withAttributes(it) {
  try {
    return { ...it, attributes: readKeyAttributes(it.bytes), phase: 'ready', loaded: 0, total: it.bytes.length };
  } catch (e) {
    return { ...it, attributes: null, readError: e.message, phase: 'ready', loaded: 0, total: it.bytes.length };
  }
}

/** Upload: drop files, folders or ZIPs; preview and edit in the browser; store each file with its progress. */
export function UploadPage() {
  const { may } = useAuth();
  const [items, setItems] = useState([]);
  const [edits, setEdits] = useState({});
  const [matches, setMatches] = useState({});
  const [problems, setProblems] = useState([]);
  const [reading, setReading] = useState(false);
  const [sending, setSending] = useState(false);

  if (!may('store')) {
    return <p role="alert" className="error">You may not store files.</p>;
  }

  const patch = (id, change) => setItems((all) => all.map((it) => (it.id === id ? { ...it, ...change } : it)));

  async function lookup(uid, values) {
    setMatches((m) => ({ ...m, [uid]: null }));
    const match = await proposeMatch(values);
    setMatches((m) => ({ ...m, [uid]: match }));
  }

  async function addFiles(files) {
    setReading(true);
    try {
      const { items: read, problems: found } = await readFiles(files);
      const added = read.map(withAttributes);
      const known = new Set(groupByStudy(items).map((g) => g.studyInstanceUid));
      const fresh = groupByStudy(added).filter((g) => !known.has(g.studyInstanceUid));
      setItems((all) => [...all, ...added]);
      setProblems(found);
      const starting = Object.fromEntries(fresh.map((g) => [g.studyInstanceUid, originalValues(g.attributes)]));
      setEdits((e) => ({ ...e, ...starting }));
      fresh.forEach((g) => lookup(g.studyInstanceUid, g.attributes));
    } finally {
      setReading(false);
    }
  }

  const groups = groupByStudy(items);
  const invalid = groups.some((g) => EDITABLE.some(({ key }) => valueProblem(key,
    edits[g.studyInstanceUid]?.[key] ?? '')));
  const waiting = items.filter((it) => it.phase === 'ready' || it.phase === 'failed');

  async function store() {
    setSending(true);
    try {
      for (const it of waiting) {
        let bytes = it.bytes;
        if (it.attributes) {
          try {
            bytes = rewrite(it.bytes, changes(it.attributes, edits[studyKey(it.attributes)]));
          } catch (e) {
            patch(it.id, { phase: 'failed', reason: `The edits could not be applied in the browser: ${e.message}` });
            continue;
          }
        }
        patch(it.id, { phase: 'sending', reason: null, loaded: 0, total: bytes.length });
        const result = await sendFile(it.name, bytes, (loaded, total) => patch(it.id, { loaded, total }));
        patch(it.id, { ...result, phase: result.status, loaded: bytes.length, total: bytes.length });
      }
    } finally {
      setSending(false);
    }
  }

  function clear() {
    setItems([]);
    setEdits({});
    setMatches({});
    setProblems([]);
  }

  const loaded = items.reduce((sum, it) => sum + it.loaded, 0);
  const total = items.reduce((sum, it) => sum + it.total, 0);
  const overall = total ? Math.round((loaded / total) * 100) : 0;
  const count = (phase) => items.filter((it) => it.phase === phase).length;
  const finished = items.length > 0 && !sending && items.every((it) => !['ready', 'sending'].includes(it.phase));

  return (
    <div className="upload-page">
      <h1>Upload</h1>
      <DropZone disabled={sending || reading} onFiles={addFiles} />
      {reading && <p role="status">Reading files…</p>}
      {problems.map((p) => <p key={p} role="alert" className="error">{p}</p>)}
      {groups.map((g) => (
        <StudyEditor key={g.studyInstanceUid} group={g} edits={edits[g.studyInstanceUid] ?? {}}
                     match={matches[g.studyInstanceUid]} disabled={sending || finished}
                     onChange={(values) => setEdits((e) => ({ ...e, [g.studyInstanceUid]: values }))}
                     onLookup={() => lookup(g.studyInstanceUid, edits[g.studyInstanceUid] ?? g.attributes)} />
      ))}
      {items.length > 0 && (
        <section className="panel" aria-label="Upload progress">
          <div className="row">
            <button type="button" onClick={store} disabled={sending || invalid || !waiting.length}>
              Store {waiting.length} {waiting.length === 1 ? 'file' : 'files'}
            </button>
            <button type="button" className="secondary" onClick={clear} disabled={sending}>Clear</button>
            {invalid && <span className="error">Correct the edited values first.</span>}
          </div>
          <div className="upload-overall">
            <label htmlFor="upload-overall">Overall progress</label>
            <progress id="upload-overall" max={100} value={overall} />
            <span data-testid="overall-percent">{overall}%</span>
          </div>
          <p role="status" className="upload-summary">
            {count('stored')} stored, {count('duplicate')} duplicate, {count('rejected')} rejected
            {count('failed') ? `, ${count('failed')} failed` : ''} of {items.length}.
            {finished && groups.map((g) => {
              const name = edits[g.studyInstanceUid]?.patientName?.trim();
              return name ? (
                <a key={g.studyInstanceUid} className="upload-find"
                   href={'#/studies?PatientName=' + encodeURIComponent(name)}>
                  {' '}Find {name} in the study browser
                </a>
              ) : null;
            })}
          </p>
          <FileTable items={items} edits={edits} />
        </section>
      )}
    </div>
  );
}
