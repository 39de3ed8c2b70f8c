// The study browser at work: wildcard search, date range, paging, sorting within a page, a study opened with the
// keyboard showing a nested sequence in its attribute tree and InstanceStored in its history, and a send followed
// to the end.
import { env, scenario, screenshot, signIn } from './lib.mjs';
import { resultNames, resultsShown, study } from './studies-common.mjs';

await scenario('studies-search', async ({ page }) => {
  await signIn(page);
  await page.goto(`${env.url}/ui/#/studies?limit=2`);
  await resultsShown(page);
  const form = page.getByRole('search', { name: 'Search studies' });
  await form.getByLabel('Patient name').fill(process.env.NAME_WILDCARD);
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/PatientName=/);
  await resultsShown(page);
  const firstPage = await resultNames(page);
  const firstStatus = await page.getByRole('region', { name: 'Search results' }).getByRole('status').textContent();
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.waitForURL(/offset=2/);
  await resultsShown(page);
  const secondPage = await resultNames(page);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.waitForURL(/offset=0/);
  await resultsShown(page);

  await page.getByRole('combobox', { name: 'Rows per page' }).selectOption('25');
  await page.waitForURL(/limit=25/);
  await resultsShown(page);
  await page.getByRole('button', { name: 'Sort by Patient name' }).click();
  await page.locator('th[aria-sort="ascending"]').waitFor();
  const ascending = await resultNames(page);
  await page.getByRole('button', { name: 'Sort by Patient name' }).click();
  await page.locator('th[aria-sort="descending"]').waitFor();
  const descending = await resultNames(page);
  await screenshot(page, 'studies-list');

  await form.getByLabel('Patient name').fill(process.env.NAME_SINGLE_WILDCARD);
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/PatientName=[^&]*%3F|PatientName=[^&]*\?/);
  await resultsShown(page);
  const singleCharacter = await resultNames(page);

  await form.getByLabel('Patient name').fill(process.env.NAME_WILDCARD);
  await form.getByLabel('Study date from').fill(process.env.DATE_FROM);
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/StudyDate=/);
  await resultsShown(page);
  const fromDate = await resultNames(page);

  await form.getByLabel('Study date from').fill('');
  await form.getByLabel('Patient name').fill(study.name);
  await form.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL((url) => !url.hash.includes('StudyDate'));
  await resultsShown(page);
  await page.getByRole('row', { name: new RegExp(study.name.replace(/\^/g, '\\^')) }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: study.name }).waitFor();
  const attributes = page.getByRole('table', { name: 'Attributes' });
  const sequenceRow = attributes.getByRole('row').filter({ hasText: process.env.SEQUENCE_KEYWORD });
  await sequenceRow.waitFor();
  const rows = await attributes.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    depth: Number(tr.dataset.depth), cells: [...tr.cells].map((c) => c.textContent) })));
  const sequenceAt = rows.findIndex((r) => r.cells[1] === process.env.SEQUENCE_KEYWORD);
  const nested = rows.slice(sequenceAt + 1).filter((r) => r.depth > 0).slice(0, 4);
  const history = await page.getByRole('table', { name: 'History' }).locator('tbody tr td:nth-child(2)')
    .allTextContents();
  await screenshot(page, 'studies-detail');

  await page.getByLabel('Filter attributes').fill(process.env.NESTED_KEYWORD);
  const filtered = await attributes.locator('tbody tr td:nth-child(2)').allTextContents();
  await page.getByLabel('Filter attributes').fill('');

  await page.getByRole('button', { name: 'Send to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send study' });
  await dialog.getByLabel('Destination').selectOption(process.env.DESTINATION);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await dialog.getByRole('status').filter({ hasText: /succeeded|failed|cancelled/ }).waitFor({ timeout: 60_000 });
  const sendOutcome = await dialog.getByRole('status').textContent();
  const sendProgress = await dialog.getByRole('progressbar', { name: 'Send progress' }).getAttribute('value');
  await dialog.getByRole('button', { name: 'Close' }).click();

  return { firstPage, firstStatus, secondPage, ascending, descending, singleCharacter, fromDate,
    sequence: rows[sequenceAt], nested, filtered, history, sendOutcome, sendProgress };
});
