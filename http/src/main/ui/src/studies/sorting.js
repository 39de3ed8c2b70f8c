// Client-side sorting within one page of results: the API pages but does not sort.

/** The value a column sorts by. */
function sortKey(study, column) {
  switch (column) {
    case 'modalities':
      return (study.modalities ?? []).join(',');
    case 'series':
    case 'instances':
      return study[column] ?? -1;
    case 'studyDate':
      return `${study.studyDate ?? ''}${study.studyTime ?? ''}`;
    default:
      return study[column] ?? '';
  }
}

/** A sorted copy; empty values go last whatever the direction. */
export function sortStudies(studies, column, ascending) {
  if (!column) {
    return studies;
  }
  const sign = ascending ? 1 : -1;
  return [...studies].sort((a, b) => {
    const x = sortKey(a, column);
    const y = sortKey(b, column);
    if (x === '' || y === '') {
      return x === y ? 0 : x === '' ? 1 : -1;
    }
    if (typeof x === 'number' && typeof y === 'number') {
      return sign * (x - y);
    }
    return sign * String(x).localeCompare(String(y), undefined, { sensitivity: 'base', numeric: true });
  });
}
