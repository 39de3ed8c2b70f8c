import { useEffect, useState } from 'react';
import { getJson } from '../api.js';
import { AttributeTree } from './AttributeTree.jsx';
import { instant } from './format.js';

const first = (dataSet, tag) => {
  const v = dataSet?.[tag]?.Value?.[0];
  return v === undefined || v === null ? '' : String(v);
};

// The study's series with their instances; choosing an instance shows every attribute it has.
export function SeriesList({ study, series, deleted }) {
  const [about, setAbout] = useState({});
  const [selected, setSelected] = useState(() => {
    const s = series[0];
    return s && s.instances[0] ? { series: s.seriesInstanceUid, sop: s.instances[0].sopInstanceUid } : null;
  });
  const [metadata, setMetadata] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (deleted) {
      return;
    }
    // Modality, number and description of each series; the structure above works without them.
    getJson(`/dicom-web/studies/${encodeURIComponent(study)}/series`, { headers: { Accept: 'application/dicom+json' } })
      .then((list) => setAbout(Object.fromEntries((list ?? []).map((d) => [first(d, '0020000E'), d]))))
      .catch(() => setAbout({}));
  }, [study, deleted]);

  useEffect(() => {
    if (!selected || deleted) {
      return undefined;
    }
    const abort = new AbortController();
    setMetadata(null);
    setError(null);
    getJson(`/dicom-web/studies/${encodeURIComponent(study)}/series/${encodeURIComponent(selected.series)}`
      + `/instances/${encodeURIComponent(selected.sop)}/metadata`,
    { headers: { Accept: 'application/dicom+json' }, signal: abort.signal })
      .then((list) => setMetadata(Array.isArray(list) ? list[0] : list))
      .catch((e) => e.name !== 'AbortError' && setError(`Could not read the attributes: ${e.message}`));
    return () => abort.abort();
  }, [study, selected, deleted]);

  return (
    <div className="series-layout">
      <section className="panel series-list" aria-labelledby="series-title">
        <h2 id="series-title">Series</h2>
        {series.map((s, i) => {
          const d = about[s.seriesInstanceUid];
          const title = [first(d, '00080060'), first(d, '00200011') && `#${first(d, '00200011')}`,
            first(d, '0008103E')].filter(Boolean).join(' ') || `Series ${i + 1}`;
          return (
            <div className="series" key={s.seriesInstanceUid}>
              <h3>{title} <span className="muted">({s.instances.length} instance{s.instances.length === 1 ? '' : 's'})</span></h3>
              <p className="uid muted">{s.seriesInstanceUid}</p>
              <ul className="instances" aria-label={`Instances of ${title}`}>
                {s.instances.map((inst, j) => {
                  const active = selected?.sop === inst.sopInstanceUid;
                  return (
                    <li key={inst.sopInstanceUid}>
                      <button type="button" className={active ? 'instance active' : 'instance secondary'}
                        aria-pressed={active} disabled={deleted}
                        onClick={() => setSelected({ series: s.seriesInstanceUid, sop: inst.sopInstanceUid })}
                        title={`${inst.sopInstanceUid}\nTransfer syntax ${inst.transferSyntaxUid}\n`
                          + `${inst.size} bytes from ${inst.sourceAeTitle ?? '?'} at ${instant(inst.receivedAt)}`}>
                        Instance {j + 1}
                      </button>
                      <span className="uid muted">{inst.sopInstanceUid}</span>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </section>
      <section className="panel attributes" aria-labelledby="attributes-title">
        <h2 id="attributes-title">Attributes</h2>
        {deleted && <p className="muted">A deleted study's attributes can be read again once it is restored.</p>}
        {selected && !deleted && <p className="uid muted">Instance {selected.sop}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        {!deleted && !metadata && !error && selected && <p className="muted">Loading…</p>}
        {metadata && <AttributeTree dataSet={metadata} />}
      </section>
    </div>
  );
}
