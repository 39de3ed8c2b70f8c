// POST /api/uploads of one Part 10 file with XMLHttpRequest, which (unlike fetch) reports upload progress.
import { authHeaders } from '../api.js';

/** A header-safe file name (Content-Disposition takes a quoted ASCII string). */
export function headerFileName(name) {
  const base = name.split('/').pop() || 'file.dcm';
  return base.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/**
 * Uploads {@code bytes}; onProgress(loaded, total) while sending. Resolves with the file's outcome
 * {status: 'stored'|'duplicate'|'rejected', reason} taken from the API's UploadResults, or {status: 'failed', reason}.
 */
export function sendFile(name, bytes, onProgress) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    for (const [header, value] of Object.entries(authHeaders({
      'Content-Type': 'application/dicom',
      'Content-Disposition': `attachment; filename="${headerFileName(name)}"`,
    }))) {
      xhr.setRequestHeader(header, value);
    }
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : bytes.length);
    xhr.onerror = () => resolve({ status: 'failed', reason: 'The connection to the server failed.' });
    xhr.onload = () => {
      onProgress(bytes.length, bytes.length);
      resolve(outcome(xhr.status, xhr.responseText));
    };
    xhr.send(bytes);
  });
}

/** What the API's answer says about the one file sent. */
export function outcome(httpStatus, body) {
  let parsed = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON
  }
  const file = parsed?.files?.[0];
  if (file) {
    return { status: file.status, reason: file.reason ?? null, studyInstanceUid: file.studyInstanceUid ?? null };
  }
  if (httpStatus === 401 || httpStatus === 403) {
    return { status: 'failed', reason: parsed?.error ?? 'You may not store files.' };
  }
  if (parsed?.skipped) {
    return { status: 'rejected', reason: 'Not a DICOM instance (skipped by the server).' };
  }
  return { status: 'failed', reason: parsed?.error ?? `The server answered HTTP ${httpStatus}.` };
}
