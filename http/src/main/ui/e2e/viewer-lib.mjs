// Helpers of the viewer scenarios: open a study in the viewer, wait for drawn pixels, and compare what the viewport
// shows with Cairn's own rendering of the same instance (WADO-RS /rendered, PNG), both reduced to a common grid.
import { env } from './lib.mjs';

/** Opens #/viewer/<study> and waits until the first viewport drew an image; returns its canvas locator. */
export async function openViewer(page, study) {
  await page.goto(`${env.url}/ui/#/viewer/${encodeURIComponent(study)}`);
  const canvas = page.locator('.stack-canvas').first();
  await waitDrawn(page, canvas);
  return canvas;
}

/** Waits until {@code canvas} (a .stack-canvas) reports at least {@code after + 1} rendered frames. */
export async function waitDrawn(page, canvas, after = 0) {
  await canvas.waitFor();
  const handle = await canvas.elementHandle();
  await page.waitForFunction(([el, n]) => Number(el.dataset.rendered) > n && el.dataset.imageRect,
    [handle, after], { timeout: 30_000 });
  // the image may still be swapped in on the next animation frame: let two pass
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The viewer's readouts of a viewport: position text, window, image rectangle on the canvas. */
export async function readouts(viewport) {
  const position = (await viewport.locator('.slice-indicator').textContent()).trim();
  const windowText = (await viewport.locator('.window-readout').textContent()).trim();
  const match = /W (-?\d+) · L (-?\d+)/.exec(windowText);
  const rect = JSON.parse(await viewport.locator('.stack-canvas').getAttribute('data-image-rect'));
  return { position, window: match ? { width: Number(match[1]), center: Number(match[2]) } : null, rect };
}

/** The series' instances sorted as the viewer sorts them (instance number), fetched with the user's credentials. */
export async function instancesOf(page, study, series) {
  return page.evaluate(async ([st, se]) => {
    const r = await fetch(`/dicom-web/studies/${st}/series/${se}/metadata`, {
      headers: { Authorization: sessionStorage.getItem('cairn.credentials'), 'X-Requested-With': 'cairn-ui' },
    });
    const list = await r.json();
    return list.map((i) => ({ sop: i['00080018'].Value[0], number: Number(i['00200013']?.Value?.[0] ?? 0) }))
      .sort((a, b) => a.number - b.number).map((i) => i.sop);
  }, [study, series]);
}

/**
 * Reduces the screenshot's image area and the reference image to the same grid of cell means (each cell's central
 * half, so that the viewer's interpolation between pixels does not blur neighbours in) and compares them.
 * Returns {correlation, meanAbsoluteDifference, spread (standard deviation of the screenshot's cells), grid}.
 */
export async function compareWithReference(page, screenshotPng, rect, referenceUrl) {
  return page.evaluate(async ({ shot, rect: r, url }) => {
    const bitmap = async (blob) => createImageBitmap(blob);
    const shotImage = await bitmap(await (await fetch('data:image/png;base64,' + shot)).blob());
    let reference = null;
    if (url) {
      const response = await fetch(url, { headers: { Authorization: sessionStorage.getItem('cairn.credentials'),
        'X-Requested-With': 'cairn-ui', Accept: 'image/png' } });
      if (!response.ok) {
        throw new Error(`reference ${url}: HTTP ${response.status} ${await response.text()}`);
      }
      reference = await bitmap(await response.blob());
    }
    const gw = Math.min(64, r.columns);
    const gh = Math.min(64, r.rows);
    const grid = (image, sx, sy, sw, sh) => {
      const w = Math.max(1, Math.round(sw));
      const h = Math.max(1, Math.round(sh));
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, sx, sy, sw, sh, 0, 0, w, h);
      const data = ctx.getImageData(0, 0, w, h).data;
      const cells = [];
      for (let gy = 0; gy < gh; gy++) {
        for (let gx = 0; gx < gw; gx++) {
          const x0 = Math.floor((gx + 0.25) * w / gw);
          const x1 = Math.max(x0 + 1, Math.ceil((gx + 0.75) * w / gw));
          const y0 = Math.floor((gy + 0.25) * h / gh);
          const y1 = Math.max(y0 + 1, Math.ceil((gy + 0.75) * h / gh));
          let sum = 0;
          let n = 0;
          for (let y = y0; y < y1; y++) {
            for (let x = x0; x < x1; x++) {
              const i = (y * w + x) * 4;
              sum += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
              n++;
            }
          }
          cells.push(sum / n);
        }
      }
      return cells;
    };
    const scale = shotImage.width / r.canvasWidth;
    const a = grid(shotImage, r.x * scale, r.y * scale, r.width * scale, r.height * scale);
    const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
    const ma = mean(a);
    const spread = Math.sqrt(mean(a.map((x) => (x - ma) ** 2)));
    if (!reference) {
      return { spread, cells: a, grid: [gw, gh] };
    }
    const b = grid(reference, 0, 0, reference.width, reference.height);
    const mb = mean(b);
    let cov = 0;
    let va = 0;
    let vb = 0;
    let mad = 0;
    for (let i = 0; i < a.length; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) ** 2;
      vb += (b[i] - mb) ** 2;
      mad += Math.abs(a[i] - b[i]);
    }
    return { correlation: cov / Math.sqrt(va * vb), meanAbsoluteDifference: mad / a.length, spread, cells: a,
      grid: [gw, gh] };
  }, { shot: screenshotPng.toString('base64'), rect, url: referenceUrl });
}

/** Mean absolute difference between two cell lists of {@link compareWithReference}. */
export function cellDifference(a, b) {
  return a.reduce((s, x, i) => s + Math.abs(x - b[i]), 0) / a.length;
}

/** A screenshot of the viewport's canvas area with its readouts. */
export async function capture(viewport) {
  const canvas = viewport.locator('.stack-canvas');
  const box = await canvas.boundingBox();
  const png = await canvas.screenshot();
  const state = await readouts(viewport);
  return { png, ...state, rect: { ...state.rect, canvasWidth: box.width } };
}

/** The first series and its first instance of a study (QIDO-RS with the user's credentials). */
export async function firstInstanceOf(page, study) {
  return page.evaluate(async (st) => {
    const headers = { Authorization: sessionStorage.getItem('cairn.credentials'), 'X-Requested-With': 'cairn-ui' };
    const series = await (await fetch(`/dicom-web/studies/${st}/series`, { headers })).json();
    const se = series[0]['0020000E'].Value[0];
    const instances = await (await fetch(`/dicom-web/studies/${st}/series/${se}/instances`, { headers })).json();
    return { series: se, sop: instances[0]['00080018'].Value[0] };
  }, study);
}

/** Page errors only (the 401 of the session check before signing in is expected). */
export function pageErrors(problems) {
  return problems.filter((p) => p.startsWith('page error'));
}

/** Collects the URLs answered with an error status (path and status), for the scenario's report. */
export function trackHttpErrors(page) {
  const errors = [];
  page.on('response', (r) => {
    if (r.status() >= 400) {
      errors.push(`${r.status()} ${new URL(r.url()).pathname.replace(/\/studies\/[^/]+/, '/studies/…')}`);
    }
  });
  return errors;
}
