import { useMemo, useState } from 'react';
import { keyword, tagLabel, valueText } from './dicomTags.js';

/**
 * Flattens a DICOM JSON data set into rows in reading order: each element, and under a sequence each item and that
 * item's elements one level deeper. Each row knows its ancestors so a filter can keep the path to a match.
 */
export function flatten(dataSet, depth = 0, parents = [], rows = []) {
  for (const tag of Object.keys(dataSet).sort()) {
    const element = dataSet[tag];
    const index = rows.length;
    const name = keyword(tag);
    rows.push({
      kind: 'element', depth, parents, tag, name, vr: element.vr,
      value: element.vr === 'SQ' ? `${element.Value?.length ?? 0} item(s)` : valueText(element),
    });
    if (element.vr === 'SQ') {
      (element.Value ?? []).forEach((item, i) => {
        const itemIndex = rows.length;
        rows.push({ kind: 'item', depth: depth + 1, parents: [...parents, index], name: `Item ${i + 1}`, tag: '', vr: '',
          value: '' });
        flatten(item ?? {}, depth + 2, [...parents, index, itemIndex], rows);
      });
    }
  }
  return rows;
}

// Every attribute of one instance, nested sequences indented under their items, with a filter.
export function AttributeTree({ dataSet }) {
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => flatten(dataSet), [dataSet]);
  const shown = useMemo(() => {
    const wanted = filter.trim().toLowerCase();
    if (!wanted) {
      return rows;
    }
    const keep = new Set();
    rows.forEach((row, i) => {
      const text = `${tagLabel(row.tag || '00000000')} ${row.tag} ${row.name ?? ''} ${row.value}`.toLowerCase();
      if (row.kind === 'element' && text.includes(wanted)) {
        keep.add(i);
        row.parents.forEach((p) => keep.add(p));
      }
    });
    return rows.filter((_, i) => keep.has(i));
  }, [rows, filter]);

  return (
    <div className="attribute-tree">
      <div className="field attribute-filter">
        <label htmlFor="attribute-filter">Filter attributes</label>
        <input id="attribute-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)}
          placeholder="tag, keyword or value" />
      </div>
      <table aria-label="Attributes">
        <thead>
          <tr><th scope="col">Tag</th><th scope="col">Keyword</th><th scope="col">VR</th><th scope="col">Value</th></tr>
        </thead>
        <tbody>
          {shown.map((row, i) => (
            <tr key={i} className={row.kind === 'item' ? 'sequence-item' : row.vr === 'SQ' ? 'sequence' : undefined}
              data-depth={row.depth} aria-level={row.depth + 1}>
              <td className="tag" style={{ paddingLeft: `${0.5 + row.depth * 1.25}rem` }}>
                {row.kind === 'item' ? row.name : tagLabel(row.tag)}
              </td>
              <td>{row.kind === 'item' ? '' : row.name ?? (parseInt(row.tag.slice(0, 4), 16) % 2 === 1 ? <span className="muted">private</span> : '')}</td>
              <td>{row.vr}</td>
              <td className="value">{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No attribute matches.</p>}
    </div>
  );
}
