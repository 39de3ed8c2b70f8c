// A multi-frame instance (RLE, palette colour ultrasound) is drawn like Cairn renders its first frame; cine plays
// the frames (the frame indicator and the pixels move), pauses, and follows the frame rate setting.
// Env: VIEWER_MULTIFRAME_STUDY.
import { scenario, screenshot, signIn } from './lib.mjs';
import {
  capture, cellDifference, compareWithReference, firstInstanceOf, openViewer, pageErrors, trackHttpErrors,
} from './viewer-lib.mjs';

const study = process.env.VIEWER_MULTIFRAME_STUDY;

await scenario('viewer-multiframe', async ({ page, problems }) => {
  const httpErrors = trackHttpErrors(page);
  await signIn(page);
  await openViewer(page, study);
  const viewport = page.locator('.stack-view').first();
  const { series, sop } = await firstInstanceOf(page, study);
  const first = await capture(viewport);
  const firstMatch = await compareWithReference(page, first.png, first.rect,
    `/dicom-web/studies/${study}/series/${series}/instances/${sop}/frames/1/rendered`);
  await screenshot(page, 'viewer-multiframe');

  await viewport.getByLabel('Frame rate (frames per second)').fill('20');
  await viewport.getByRole('button', { name: 'Play cine' }).click();
  await page.waitForFunction(() => /^Frame ([4-9]|10) \//.test(document.querySelector('.slice-indicator')?.textContent ?? ''),
    null, { timeout: 20_000 });
  await viewport.getByRole('button', { name: 'Pause cine' }).click();
  // frames already requested may still land: let them, then the position must hold
  await page.waitForTimeout(800);
  const pausedAt = (await viewport.locator('.slice-indicator').textContent()).trim();
  await page.waitForTimeout(1000);
  const stillAt = (await viewport.locator('.slice-indicator').textContent()).trim();
  const later = await capture(viewport);
  const frame = Number(/^Frame (\d+)/.exec(later.position)[1]);
  const laterMatch = await compareWithReference(page, later.png, later.rect,
    `/dicom-web/studies/${study}/series/${series}/instances/${sop}/frames/${frame}/rendered`);
  await screenshot(page, 'viewer-multiframe-cine');

  const strip = ({ cells, ...rest }) => rest;
  return {
    first: { position: first.position, ...strip(firstMatch) },
    pausedAt,
    stillAt,
    later: { position: later.position, ...strip(laterMatch) },
    frameDifference: cellDifference(firstMatch.cells, laterMatch.cells),
    pageErrors: pageErrors(problems),
    httpErrors,
  };
});
