// Acceptance 2: a study opens in the viewer and its first slice is drawn like Cairn's own rendering of that
// instance (same window); scrolling with the wheel and the keyboard moves to other slices with other pixels.
// Env: VIEWER_STUDY, VIEWER_SERIES (a CT or MR series of >= 3 single-frame instances).
import { env, scenario, screenshot, signIn } from './lib.mjs';
import { capture, cellDifference, compareWithReference, instancesOf, openViewer, waitDrawn } from './viewer-lib.mjs';

const study = process.env.VIEWER_STUDY;
const series = process.env.VIEWER_SERIES;

function renderedUrl(sop, window) {
  return `/dicom-web/studies/${study}/series/${series}/instances/${sop}/rendered?window=${window.center},${window.width}`;
}

await scenario('viewer-series', async ({ page }) => {
  await signIn(page);
  const canvas = await openViewer(page, study);
  const viewport = page.locator('.stack-view').first();
  const sops = await instancesOf(page, study, series);
  const first = await capture(viewport);
  const firstMatch = await compareWithReference(page, first.png, first.rect, renderedUrl(sops[0], first.window));
  await screenshot(page, 'viewer-series');

  // scroll with the mouse wheel over the image
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let rendered = Number(await canvas.getAttribute('data-rendered'));
  await page.mouse.wheel(0, 120);
  await page.waitForFunction(() => /Image 2 \//.test(document.querySelector('.slice-indicator')?.textContent ?? ''));
  await waitDrawn(page, canvas, rendered);
  const second = await capture(viewport);
  const secondMatch = await compareWithReference(page, second.png, second.rect, renderedUrl(sops[1], second.window));

  // and with the keyboard, the viewport focused
  await canvas.focus();
  rendered = Number(await canvas.getAttribute('data-rendered'));
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /Image 3 \//.test(document.querySelector('.slice-indicator')?.textContent ?? ''));
  await waitDrawn(page, canvas, rendered);
  const third = await capture(viewport);
  const thirdMatch = await compareWithReference(page, third.png, third.rect, renderedUrl(sops[2], third.window));
  await page.keyboard.press('End');
  await page.waitForFunction((n) => document.querySelector('.slice-indicator')?.textContent === `Image ${n} / ${n}`,
    sops.length);
  const last = (await viewport.locator('.slice-indicator').textContent()).trim();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /^Image 1 \//.test(document.querySelector('.slice-indicator')?.textContent ?? ''));

  const rendering = (await page.locator('.viewer-head').textContent()).match(/Rendering: (\w+)/)?.[1];
  const seriesButtons = await page.getByRole('navigation', { name: 'Series' }).getByRole('button').count();
  const strip = ({ cells, ...rest }) => rest;
  return {
    rendering,
    seriesButtons,
    instances: sops.length,
    first: { position: first.position, window: first.window, rect: first.rect, ...strip(firstMatch) },
    second: { position: second.position, ...strip(secondMatch) },
    third: { position: third.position, ...strip(thirdMatch) },
    last,
    firstToSecondDifference: cellDifference(firstMatch.cells, secondMatch.cells),
    secondToThirdDifference: cellDifference(secondMatch.cells, thirdMatch.cells),
    url: env.url,
  };
});
