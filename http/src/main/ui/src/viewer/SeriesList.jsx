// The study's series as buttons with thumbnails: click shows a series in the active viewport, "Add" opens it in
// another viewport beside the others.
import { useEffect, useState } from 'react';
import { seriesThumbnail } from './dicomweb.js';

function Thumbnail({ study, series }) {
  const [url, setUrl] = useState(null);
  useEffect(() => {
    const abort = new AbortController();
    let made = null;
    seriesThumbnail(study, series, abort.signal).then((u) => {
      made = u;
      if (!abort.signal.aborted) {
        setUrl(u);
      } else if (u) {
        URL.revokeObjectURL(u);
      }
    });
    return () => {
      abort.abort();
      if (made) {
        URL.revokeObjectURL(made);
      }
    };
  }, [study, series]);
  return url
    ? <img className="series-thumb" src={url} alt="" />
    : <span className="series-thumb none" aria-hidden="true" />;
}

export function SeriesList({ study, series, shown, onShow, onAdd, canAdd }) {
  return (
    <nav className="series-list" aria-label="Series">
      <h2>Series</h2>
      <ul>
        {series.map((s) => {
          const name = `${s.number || '?'} ${s.modality} ${s.description || ''}`.trim();
          const showing = shown.includes(s.uid);
          return (
            <li key={s.uid}>
              <button type="button" className={'series-item' + (showing ? ' showing' : '')} aria-pressed={showing}
                aria-label={`Show series ${name}, ${s.instances} instance${s.instances === 1 ? '' : 's'}`}
                title={`Show series ${name}`} onClick={() => onShow(s.uid)}>
                <Thumbnail study={study} series={s.uid} />
                <span className="series-text">
                  <span className="series-name">{s.number ? `#${s.number} ` : ''}{s.modality}</span>
                  <span className="series-desc">{s.description || 'No description'}</span>
                  <span className="muted">{s.instances} instance{s.instances === 1 ? '' : 's'}</span>
                </span>
              </button>
              {canAdd && !showing && (
                <button type="button" className="secondary series-add" aria-label={`Add series ${name} beside`}
                  title="Open in another viewport" onClick={() => onAdd(s.uid)}>
                  +
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
