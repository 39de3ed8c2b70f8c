// How DICOM values read in the study browser: dates as YYYY-MM-DD, times as HH:MM:SS, ISO instants in local time.

/** "20040119" → "2004-01-19"; anything else unchanged. */
export function dicomDate(value) {
  if (!value) {
    return '';
  }
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
}

/** "072730.123" → "07:27:30". */
export function dicomTime(value) {
  if (!value) {
    return '';
  }
  const m = /^(\d{2})(\d{2})?(\d{2})?/.exec(value);
  return m ? [m[1], m[2], m[3]].filter(Boolean).join(':') : value;
}

/** An ISO instant in the browser's time zone, to the second. */
export function instant(value) {
  if (!value) {
    return '';
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString(undefined, { hour12: false });
}

/** "2024-01-31" (a date input) → "20240131". */
export function toDicomDate(isoDate) {
  return isoDate ? isoDate.replaceAll('-', '') : '';
}

/** "20240131" → "2024-01-31" for a date input; "" when not a DICOM date. */
export function toIsoDate(dicom) {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(dicom ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

/** The StudyDate matching value of a from/to range (either may be empty): "A-B", "A-", "-B", or "". */
export function dateRange(from, to) {
  const a = toDicomDate(from);
  const b = toDicomDate(to);
  if (!a && !b) {
    return '';
  }
  return a === b ? a : `${a}-${b}`;
}

/** Splits a StudyDate range back into [from, to] for the date inputs. */
export function splitDateRange(range) {
  if (!range) {
    return ['', ''];
  }
  if (!range.includes('-')) {
    return [toIsoDate(range), toIsoDate(range)];
  }
  const [a, b] = range.split('-');
  return [toIsoDate(a), toIsoDate(b)];
}
