// The worklist endpoints of the REST API (openapi.json, tag Worklist).
import { getJson, sendJson } from '../api.js';

/** GET /api/worklist with the filters that are set ({from,to} as YYYYMMDD). */
export function listEntries({ from, to, modality, station, status, limit = 100, offset = 0 }) {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (modality) query.set('modality', modality.toUpperCase());
  if (station) query.set('station', station);
  if (status) query.set('status', status);
  query.set('limit', String(limit));
  query.set('offset', String(offset));
  return getJson('/api/worklist?' + query);
}

export function createEntry(order) {
  return sendJson('POST', '/api/worklist', order);
}

export function updateEntry(accession, order) {
  return sendJson('PUT', '/api/worklist/' + encodeURIComponent(accession), order);
}

export function cancelEntry(accession, reason) {
  const query = reason ? '?reason=' + encodeURIComponent(reason) : '';
  return sendJson('DELETE', '/api/worklist/' + encodeURIComponent(accession) + query);
}

export function worklistQueries(limit = 50) {
  return getJson('/api/audit/worklist-queries?limit=' + limit);
}
