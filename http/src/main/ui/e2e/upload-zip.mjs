// Acceptance 1: upload a ZIP with PatientName edited in the browser; progress reaches 100% and every file is
// stored; the study browser finds the study by the edited name. UPLOAD_ZIP: the archive; UPLOAD_PATIENT_NAME: the
// new name.
import { env, scenario, screenshot, signIn } from './lib.mjs';

const zip = process.env.UPLOAD_ZIP;
const newName = process.env.UPLOAD_PATIENT_NAME;

await scenario('upload-zip', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Upload' }).click();
  await page.getByLabel('Choose files').setInputFiles(zip);

  const rows = page.getByRole('table', { name: 'Files' }).locator('tbody tr');
  await rows.first().waitFor();
  const files = await rows.count();
  const preview = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
  // the proposal is looked up as soon as the files are read
  await page.locator('.upload-match').filter({ hasNotText: 'Looking for' }).first().waitFor();
  const proposal = (await page.locator('.upload-match').first().textContent()).trim();

  const nameField = page.getByLabel('Patient name', { exact: false }).first();
  const originalName = await nameField.inputValue();
  await nameField.fill(newName);
  await screenshot(page, 'upload-preview');

  await page.getByRole('button', { name: /^Store \d+ files?$/ }).click();
  await page.locator('.upload-summary').filter({ hasText: `${files} stored` }).waitFor({ timeout: 60_000 });
  const overall = await page.getByTestId('overall-percent').textContent();
  const overallValue = await page.getByLabel('Overall progress').evaluate((p) => p.value);
  const results = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.upload-status').textContent));
  const perFile = await page.locator('.upload-files progress').evaluateAll((ps) => ps.map((p) => p.value));
  await screenshot(page, 'upload-done');

  // the study browser's contract: #/studies?PatientName=<name> searches at once; result rows show the patient name
  await page.goto(env.url + '/ui/#/studies?PatientName=' + encodeURIComponent(newName));
  const found = page.locator('table tbody tr').filter({ hasText: newName });
  let foundInStudyBrowser = true;
  try {
    await found.first().waitFor({ timeout: 20_000 });
  } catch {
    foundInStudyBrowser = false;
  }
  await screenshot(page, 'upload-found-in-studies');
  return { files, preview, proposal, originalName, overall, overallValue, results, perFile, foundInStudyBrowser };
});
