// The node's REST and DICOMweb API, with the signed-in user's credentials. Credentials stay in sessionStorage
// (gone with the tab); every request says it comes from script, so a 401 does not pop the browser's Basic dialog.
const CREDENTIALS = 'cairn.credentials';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function credentials() {
  return sessionStorage.getItem(CREDENTIALS);
}

export function setCredentials(user, password) {
  sessionStorage.setItem(CREDENTIALS, 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + password))));
}

export function clearCredentials() {
  sessionStorage.removeItem(CREDENTIALS);
}

/** Headers every request carries. */
export function authHeaders(extra = {}) {
  const headers = { 'X-Requested-With': 'cairn-ui', ...extra };
  const auth = credentials();
  if (auth) {
    headers.Authorization = auth;
  }
  return headers;
}

/** fetch with the credentials; throws ApiError with the server's message on a status >= 400. */
export async function request(path, { method = 'GET', headers = {}, body, signal } = {}) {
  const response = await fetch(path, { method, headers: authHeaders(headers), body, signal });
  if (!response.ok) {
    let message = response.statusText || `HTTP ${response.status}`;
    try {
      const text = await response.text();
      const parsed = JSON.parse(text);
      message = parsed.error || parsed.message || text || message;
    } catch {
      // not JSON: keep the status text
    }
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function getJson(path, options) {
  return (await request(path, options)).json();
}

export async function sendJson(method, path, value) {
  const response = await request(path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: value === undefined ? undefined : JSON.stringify(value),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Downloads a response as a file the browser saves. */
export async function download(path, filename) {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
