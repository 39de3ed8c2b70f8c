// Compressed transfer syntaxes are decoded and drawn (compared with Cairn's rendering where the server renders that
// syntax), window/level changes pixels (mouse drag and preset), and a length measurement can be drawn.
// Env: VIEWER_COMPRESSED = JSON [{name, study, reference}] (reference: the server renders it too);
// VIEWER_CT_STUDY = a CT study used for window/level and measurement.
import { scenario, screenshot, signIn } from './lib.mjs';
import {
  capture, cellDifference, compareWithReference, firstInstanceOf, openViewer, pageErrors, trackHttpErrors, waitDrawn,
} from './viewer-lib.mjs';

const compressed = JSON.parse(process.env.VIEWER_COMPRESSED ?? '[]');
const ctStudy = process.env.VIEWER_CT_STUDY;

await scenario('viewer-formats', async ({ page, problems }) => {
  const httpErrors = trackHttpErrors(page);
  await signIn(page);
  const formats = {};
  for (const item of compressed) {
    await openViewer(page, item.study);
    const viewport = page.locator('.stack-view').first();
    const shot = await capture(viewport);
    const { series, sop } = await firstInstanceOf(page, item.study);
    const url = item.reference && shot.window
      ? `/dicom-web/studies/${item.study}/series/${series}/instances/${sop}/rendered?window=${shot.window.center},${shot.window.width}`
      : item.reference ? `/dicom-web/studies/${item.study}/series/${series}/instances/${sop}/rendered` : null;
    const { cells, ...match } = await compareWithReference(page, shot.png, shot.rect, url);
    formats[item.name] = { position: shot.position, window: shot.window, ...match };
    await screenshot(page, `viewer-${item.name}`);
  }

  // a CT: window/level by dragging, then by preset
  const canvas = await openViewer(page, ctStudy);
  const viewport = page.locator('.stack-view').first();
  await screenshot(page, 'viewer-ct');
  const before = await capture(viewport);
  const beforeCells = (await compareWithReference(page, before.png, before.rect, null)).cells;
  const box = await canvas.boundingBox();
  let rendered = Number(await canvas.getAttribute('data-rendered'));
  await page.getByRole('button', { name: 'Window/level' }).click();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 80, { steps: 8 });
  await page.mouse.up();
  await waitDrawn(page, canvas, rendered);
  const dragged = await capture(viewport);
  const draggedCells = (await compareWithReference(page, dragged.png, dragged.rect, null)).cells;

  rendered = Number(await canvas.getAttribute('data-rendered'));
  await page.getByLabel('Window preset').selectOption('bone');
  await waitDrawn(page, canvas, rendered);
  const bone = await capture(viewport);
  const boneCells = (await compareWithReference(page, bone.png, bone.rect, null)).cells;

  // a length measurement: choose the tool, drag across the image
  await page.getByRole('button', { name: 'Length' }).click();
  const lengthPressed = await page.getByRole('button', { name: 'Length' }).getAttribute('aria-pressed');
  const r = before.rect;
  await page.mouse.move(box.x + r.x + r.width * 0.3, box.y + r.y + r.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + r.x + r.width * 0.7, box.y + r.y + r.height * 0.5, { steps: 10 });
  await page.mouse.up();
  const measurement = page.getByRole('region', { name: 'Measurements' }).getByRole('listitem').first();
  await measurement.waitFor();
  const measured = (await measurement.textContent()).trim();
  const drawnLines = await viewport.locator('svg line, svg path, svg polyline').count();
  await screenshot(page, 'viewer-measurement');

  // the help tooltip lists the keyboard shortcuts
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).focus();
  const help = (await page.getByRole('tooltip').textContent()).trim();
  await screenshot(page, 'viewer-help');

  return {
    formats,
    window: {
      before: before.window, dragged: dragged.window, bone: bone.window,
      dragDifference: cellDifference(beforeCells, draggedCells),
      presetDifference: cellDifference(draggedCells, boneCells),
    },
    lengthPressed,
    measured,
    drawnLines,
    help,
    pageErrors: pageErrors(problems),
    httpErrors,
  };
});
