// What the viewer reads from Cairn's DICOMweb: the study's series (QIDO-RS), each series' instance metadata
// (WADO-RS), and from those the Cornerstone image ids (one per frame) the WADO-RS image loader fetches frames for.
import { getJson, request } from '../api.js';
import { dicomImageLoader } from './cornerstone.js';

const PALETTE_DATA = ['00281201', '00281202', '00281203'];

export function value(dataset, tag) {
  const element = dataset?.[tag];
  return element?.Value?.[0];
}

export function text(dataset, tag) {
  const v = value(dataset, tag);
  if (v && typeof v === 'object') {
    return v.Alphabetic ?? '';
  }
  return v === undefined || v === null ? '' : String(v);
}

function studyPath(study) {
  return `/dicom-web/studies/${encodeURIComponent(study)}`;
}

function seriesPath(study, series) {
  return `${studyPath(study)}/series/${encodeURIComponent(series)}`;
}

/** The study's series, in series-number order: {uid, number, modality, description, instances}. */
export async function listSeries(study, signal) {
  const found = await getJson(`${studyPath(study)}/series?includefield=00201209`, { signal });
  return found.map((s) => ({
    uid: text(s, '0020000E'),
    number: Number(value(s, '00200011') ?? 0),
    modality: text(s, '00080060'),
    description: text(s, '0008103E'),
    instances: Number(value(s, '00201209') ?? 0),
  })).sort((a, b) => a.number - b.number || a.uid.localeCompare(b.uid));
}

/** An object URL of the series' thumbnail (the caller revokes it), or null when the server has none. */
export async function seriesThumbnail(study, series, signal) {
  try {
    const response = await request(`${seriesPath(study, series)}/thumbnail?viewport=96,96`,
      { headers: { Accept: 'image/jpeg, image/png' }, signal });
    return URL.createObjectURL(await response.blob());
  } catch {
    return null;
  }
}

function hasPixels(instance) {
  return instance['7FE00010'] !== undefined || instance['00280010'] !== undefined;
}

function sortKey(instance) {
  return [Number(value(instance, '00200013') ?? 0), Number(instance['00200032']?.Value?.[2] ?? 0)];
}

/** Palette lookup tables may come inline as base64 words; the image loader wants them as numbers. */
function inlinePalettes(instance) {
  for (const tag of PALETTE_DATA) {
    const element = instance[tag];
    if (element?.InlineBinary && !element.Value) {
      const bytes = Uint8Array.from(atob(element.InlineBinary), (c) => c.charCodeAt(0));
      element.Value = Array.from(new Uint16Array(bytes.buffer, 0, Math.floor(bytes.length / 2)));
    }
  }
}

/** Frames per second a multi-frame instance asks for (Cine Rate, Frame Time, Recommended Display Frame Rate). */
function frameRate(instance) {
  const cineRate = Number(value(instance, '00180040'));
  if (cineRate > 0) {
    return cineRate;
  }
  const frameTime = Number(value(instance, '00181063'));
  if (frameTime > 0) {
    return Math.round(1000 / frameTime);
  }
  const recommended = Number(value(instance, '00082144'));
  return recommended > 0 ? recommended : 10;
}

/**
 * Loads a series' metadata, registers it with the image loader and returns what the viewport shows:
 * {imageIds, instances: [{sop, frames}], multiFrame, frameRate, patient, description, window}.
 */
export async function loadSeries(study, series, signal) {
  const metadata = await getJson(`${seriesPath(study, series)}/metadata`, { signal });
  const images = metadata.filter(hasPixels).sort((a, b) => {
    const [na, pa] = sortKey(a);
    const [nb, pb] = sortKey(b);
    return na - nb || pa - pb;
  });
  const imageIds = [];
  const instances = [];
  const base = window.location.origin + seriesPath(study, series);
  for (const instance of images) {
    inlinePalettes(instance);
    const sop = text(instance, '00080018');
    const frames = Math.max(1, Number(value(instance, '00280008') ?? 1));
    const prefix = `wadors:${base}/instances/${encodeURIComponent(sop)}/frames/`;
    dicomImageLoader.wadors.metaDataManager.add(prefix + '1', instance);
    for (let frame = 1; frame <= frames; frame++) {
      imageIds.push(prefix + frame);
    }
    instances.push({ sop, frames });
  }
  const first = images[0];
  return {
    imageIds,
    instances,
    multiFrame: instances.some((i) => i.frames > 1),
    frameRate: first ? frameRate(first) : 10,
    patient: text(first, '00100010'),
    modality: text(first, '00080060'),
    description: text(first, '0008103E'),
  };
}

/** Which instance and frame an image id of {@link loadSeries} points at. */
export function parseImageId(imageId) {
  const match = /\/instances\/([^/]+)\/frames\/(\d+)$/.exec(imageId ?? '');
  return match ? { sop: decodeURIComponent(match[1]), frame: Number(match[2]) } : null;
}
