// The length and angle measurements drawn so far, with their values, kept up to date from Cornerstone's events.
import { useEffect, useState } from 'react';
import { core, tools, TOOL_NAMES } from './cornerstone.js';

const { Events } = tools.Enums;

function describe(annotation) {
  const stats = Object.values(annotation.data?.cachedStats ?? {})[0] ?? {};
  const name = annotation.metadata?.toolName;
  if (name === TOOL_NAMES.length && Number.isFinite(stats.length)) {
    return `Length ${stats.length.toFixed(1)} ${stats.unit ?? 'mm'}`;
  }
  if (name === TOOL_NAMES.angle && Number.isFinite(stats.angle)) {
    return `Angle ${stats.angle.toFixed(1)}°`;
  }
  return name === TOOL_NAMES.angle ? 'Angle (incomplete)' : `${name} (incomplete)`;
}

function current() {
  return (tools.annotation.state.getAllAnnotations() ?? [])
    .filter((a) => [TOOL_NAMES.length, TOOL_NAMES.angle].includes(a.metadata?.toolName))
    .map((a) => ({ uid: a.annotationUID, text: describe(a) }));
}

export function Measurements({ version }) {
  const [list, setList] = useState(current);
  useEffect(() => setList(current()), [version]);
  useEffect(() => {
    const update = () => setList(current());
    const events = [Events.ANNOTATION_COMPLETED, Events.ANNOTATION_MODIFIED, Events.ANNOTATION_REMOVED];
    events.forEach((e) => core.eventTarget.addEventListener(e, update));
    return () => events.forEach((e) => core.eventTarget.removeEventListener(e, update));
  }, []);
  return (
    <section className="measurements" aria-label="Measurements">
      <h2>Measurements</h2>
      {list.length === 0
        ? <p className="muted">None. Pick Length or Angle and draw on the image.</p>
        : <ul>{list.map((m) => <li key={m.uid}>{m.text}</li>)}</ul>}
    </section>
  );
}

/** Removes every measurement and redraws. */
export function clearMeasurements(engine) {
  tools.annotation.state.removeAllAnnotations();
  engine?.render();
}
