// The viewer's toolbar: the left-button tool, window presets, invert, reset, measurements clearing, and the
// keyboard/mouse help as a tooltip (shown on hover and on keyboard focus).
import { useId } from 'react';
import { PRESETS } from './presets.js';
import { MOUSE_HELP, SHORTCUTS } from './shortcuts.js';

const TOOLS = [
  { id: 'windowLevel', label: 'Window/level', icon: '◐', key: 'W' },
  { id: 'pan', label: 'Pan', icon: '✥', key: 'P' },
  { id: 'zoom', label: 'Zoom', icon: '⌕', key: 'Z' },
  { id: 'scroll', label: 'Scroll', icon: '⇕', key: null },
  { id: 'length', label: 'Length', icon: '↔', key: 'L' },
  { id: 'angle', label: 'Angle', icon: '∠', key: 'A' },
];

export function Toolbar({ tool, onTool, onPreset, onInvert, onReset, onClearMeasurements, showCtPresets }) {
  const helpId = useId();
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="group" aria-label="Left mouse button tool">
        {TOOLS.map((t) => {
          const title = `${t.label}${t.key ? ` (${t.key})` : ''}`;
          return (
            <button key={t.id} type="button" className={tool === t.id ? '' : 'secondary'} aria-pressed={tool === t.id}
              aria-label={t.label} title={title} onClick={() => onTool(t.id)}>
              <span aria-hidden="true">{t.icon}</span> {t.label}
            </button>
          );
        })}
      </div>
      <label className="preset">
        <span>Window preset</span>
        <select aria-label="Window preset" title="Window preset (1–5)" value=""
          onChange={(e) => { if (e.target.value) onPreset(e.target.value); }}>
          <option value="">Choose…</option>
          {PRESETS.filter((p) => !p.ct || showCtPresets).map((p) => (
            <option key={p.id} value={p.id}>{p.label} ({p.key})</option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary" aria-label="Invert" title="Invert greyscale (I)" onClick={onInvert}>
        Invert
      </button>
      <button type="button" className="secondary" aria-label="Reset view" title="Reset zoom, pan and window (R)"
        onClick={onReset}>
        Reset
      </button>
      <button type="button" className="secondary" aria-label="Clear measurements"
        title="Remove every length and angle measurement" onClick={onClearMeasurements}>
        Clear measurements
      </button>
      <span className="help">
        <button type="button" className="secondary" aria-label="Keyboard shortcuts" aria-describedby={helpId}
          title="Keyboard shortcuts">
          ?
        </button>
        <span className="help-tooltip" role="tooltip" id={helpId}>
          <strong>Keyboard</strong>
          <span className="help-table">
            {SHORTCUTS.map((s) => (
              <span key={s.action} className="help-row"><kbd>{s.label}</kbd> {s.help}</span>
            ))}
          </span>
          <strong>Mouse</strong>
          {MOUSE_HELP.map((m) => <span key={m} className="help-row">{m}</span>)}
        </span>
      </span>
    </div>
  );
}
