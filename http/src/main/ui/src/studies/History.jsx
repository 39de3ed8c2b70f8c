import { instant } from './format.js';

/** The facts of one event worth reading: reason, changed values, the instance stored, the order linked. */
function details(event) {
  const d = event.details ?? {};
  const parts = [];
  if (d.reason) {
    parts.push(`Reason: ${d.reason}`);
  }
  for (const c of d.changes ?? []) {
    parts.push(`${c.attribute}: ${c.before || '(empty)'} → ${c.after || '(empty)'}`);
  }
  if (d.sopInstanceUid) {
    parts.push(`Instance ${d.sopInstanceUid}`);
  }
  if (d.accessionNumber) {
    parts.push(`Order ${d.accessionNumber}`);
  }
  const known = new Set(['reason', 'changes', 'sopInstanceUid', 'accessionNumber', 'seriesInstanceUid',
    'sopClassUid', 'transferSyntaxUid', 'size']);
  for (const [k, v] of Object.entries(d)) {
    if (!known.has(k) && v !== null && typeof v !== 'object') {
      parts.push(`${k}: ${v}`);
    }
  }
  return parts;
}

// What happened to the study, oldest first.
export function History({ events }) {
  if (events.length === 0) {
    return <p className="muted">No events.</p>;
  }
  return (
    <table aria-label="History">
      <thead>
        <tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">By</th><th scope="col">Details</th></tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={e.sequenceNumber ?? i}>
            <td className="nowrap">{instant(e.at)}</td>
            <td>{e.type}</td>
            <td>{e.by}</td>
            <td>{details(e).map((line, j) => <div key={j}>{line}</div>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
