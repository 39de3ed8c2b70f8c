// The diagnostic viewer behind #/viewer/:study on Cornerstone3D: the study's series on the left, a stack viewport per
// shown series, tools on top, measurements on the right. Pixels come from Cairn's WADO-RS with the user's
// credentials; codecs run in bundled web workers (no network beyond the node).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { core, initCornerstone, renderingPath, tools } from './cornerstone.js';
import { listSeries } from './dicomweb.js';
import { clearMeasurements, Measurements } from './Measurements.jsx';
import { PRESETS } from './presets.js';
import { SeriesList } from './SeriesList.jsx';
import { shortcutFor } from './shortcuts.js';
import { StackView } from './StackView.jsx';
import { Toolbar } from './Toolbar.jsx';
import { createToolGroup, selectTool } from './tools.js';
import './viewer.css';

const ENGINE_ID = 'cairn-viewer';
const TOOL_GROUP_ID = 'cairn-viewer-tools';
const MAX_VIEWPORTS = 2;
const PAGE = 10;

function useCornerstone() {
  const [state, setState] = useState({ engine: null, toolGroup: null, error: null });
  useEffect(() => {
    let engine = null;
    let cancelled = false;
    initCornerstone().then(() => {
      if (cancelled) {
        return;
      }
      engine = new core.RenderingEngine(ENGINE_ID);
      setState({ engine, toolGroup: createToolGroup(TOOL_GROUP_ID), error: null });
    }, (e) => setState({ engine: null, toolGroup: null, error: 'The viewer could not start: ' + e.message }));
    return () => {
      cancelled = true;
      if (engine) {
        tools.ToolGroupManager.destroyToolGroup(TOOL_GROUP_ID);
        engine.destroy();
      }
    };
  }, []);
  return state;
}

export default function Viewer() {
  const { study } = useParams();
  const { engine, toolGroup, error: startError } = useCornerstone();
  const [series, setSeries] = useState(null);
  const [error, setError] = useState(null);
  const [shown, setShown] = useState([]);
  // the study the shown series belong to: viewports wait for the new study's series after a study change
  const [shownStudy, setShownStudy] = useState(null);
  const [active, setActive] = useState(0);
  const [tool, setTool] = useState('windowLevel');
  const [measurementsVersion, setMeasurementsVersion] = useState(0);
  const views = useRef([]);

  useEffect(() => {
    const abort = new AbortController();
    setSeries(null);
    setError(null);
    listSeries(study, abort.signal).then((found) => {
      setSeries(found);
      const first = found.find((s) => s.instances > 0) ?? found[0];
      setShown(first ? [first.uid] : []);
      setShownStudy(study);
      setActive(0);
    }, (e) => {
      if (!abort.signal.aborted) {
        setError(e.status === 404 ? 'No such study.' : `Could not load the study: ${e.message}`);
      }
    });
    return () => abort.abort();
  }, [study]);

  const chooseTool = useCallback((t) => {
    setTool(t);
    if (toolGroup) {
      selectTool(toolGroup, t);
    }
  }, [toolGroup]);

  const view = () => views.current[active];

  const applyPreset = (id) => {
    const preset = PRESETS.find((p) => p.id === id);
    view()?.applyWindow(preset?.center, preset?.width);
  };

  const onKeyDown = (e) => {
    if (e.target.closest('input, select, textarea') || e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    const shortcut = shortcutFor(e.key);
    const v = view();
    if (!shortcut || !v) {
      return;
    }
    if (e.key === ' ' && e.target.closest('button')) {
      return;
    }
    e.preventDefault();
    const [action, argument] = shortcut.action.split(':');
    switch (action) {
      case 'previous': v.scrollBy(-1); break;
      case 'next': v.scrollBy(1); break;
      case 'previousPage': v.scrollBy(-PAGE); break;
      case 'nextPage': v.scrollBy(PAGE); break;
      case 'first': v.scrollTo(0); break;
      case 'last': v.scrollTo(-1); break;
      case 'cine': v.toggleCine(); break;
      case 'tool': chooseTool(argument); break;
      case 'invert': v.invert(); break;
      case 'reset': v.reset(); break;
      case 'preset': {
        const preset = PRESETS.find((p) => p.key === e.key);
        if (preset && (!preset.ct || v.modality() === 'CT')) {
          applyPreset(preset.id);
        }
        break;
      }
      default:
    }
  };

  const showSeries = (uid) => {
    setShown((s) => {
      const next = [...s];
      next[Math.min(active, Math.max(0, next.length - 1))] = uid;
      return next.length ? next : [uid];
    });
  };

  const addSeries = (uid) => {
    setShown((s) => (s.length < MAX_VIEWPORTS ? [...s, uid] : [...s.slice(0, -1), uid]));
    setActive(Math.min(shown.length, MAX_VIEWPORTS - 1));
  };

  const closeView = (index) => {
    setShown((s) => s.filter((_, i) => i !== index));
    setActive(0);
  };

  const label = (uid) => {
    const s = series?.find((x) => x.uid === uid);
    return s ? `${s.number ? '#' + s.number + ' ' : ''}${s.modality} ${s.description}`.trim() : uid;
  };

  const activeModality = series?.find((s) => s.uid === shown[active])?.modality;

  return (
    <div className="viewer" onKeyDown={onKeyDown}>
      <div className="viewer-head">
        <h1>Viewer</h1>
        <Link to={`/studies/${encodeURIComponent(study)}`}>Back to the study</Link>
        {engine && <span className="muted" title="Cornerstone rendering path">Rendering: {renderingPath()}</span>}
      </div>
      {(startError || error) && <p className="error" role="alert">{startError || error}</p>}
      <Toolbar tool={tool} onTool={chooseTool} onPreset={applyPreset} showCtPresets={activeModality === 'CT'}
        onInvert={() => view()?.invert()} onReset={() => view()?.reset()}
        onClearMeasurements={() => { clearMeasurements(engine); setMeasurementsVersion((n) => n + 1); }} />
      <div className="viewer-body">
        {series
          ? <SeriesList study={study} series={series} shown={shown} onShow={showSeries} onAdd={addSeries}
            canAdd={shown.length > 0} />
          : !error && <p className="series-list" role="status">Loading series…</p>}
        <div className={`viewports count-${shown.length}`}>
          {engine && toolGroup && shownStudy === study && shown.map((uid, i) => (
            <div key={`${i}-${uid}`} className="viewport-slot">
              <StackView ref={(h) => { views.current[i] = h; }} engine={engine} toolGroup={toolGroup}
                viewportId={`stack-${i}`} study={study} series={uid} label={label(uid)} active={i === active}
                onActivate={() => setActive(i)} />
              {shown.length > 1 && (
                <button type="button" className="secondary close-view" aria-label={`Close viewport ${i + 1}`}
                  title="Close this viewport" onClick={() => closeView(i)}>×</button>
              )}
            </div>
          ))}
          {series && shown.length === 0 && <p className="muted">This study has no series to show.</p>}
        </div>
        <Measurements version={measurementsVersion} />
      </div>
    </div>
  );
}
