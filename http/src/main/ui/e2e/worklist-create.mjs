// Acceptance 4 (browser side): create a worklist entry through the form; it shows in the list. The Java test then
// asks DCMTK findscu -W for it. WL_ACCESSION, WL_PATIENT_ID, WL_PATIENT_NAME, WL_MODALITY, WL_STATION, WL_DATE
// (YYYY-MM-DD) describe the entry.
import { env, scenario, screenshot, signIn } from './lib.mjs';

const entry = {
  accession: process.env.WL_ACCESSION,
  patientId: process.env.WL_PATIENT_ID,
  patientName: process.env.WL_PATIENT_NAME,
  modality: process.env.WL_MODALITY,
  station: process.env.WL_STATION,
  date: process.env.WL_DATE,
};

await scenario('worklist-create', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Worklist' }).click();
  await page.getByRole('heading', { name: 'Worklist', exact: true }).waitFor();
  await page.getByRole('button', { name: 'New entry' }).click();

  const form = page.getByRole('dialog', { name: 'New worklist entry' });
  // an empty form is refused in the browser, with the reasons
  await form.getByRole('button', { name: 'Create entry' }).click();
  const refused = await form.getByRole('alert').textContent();

  await form.getByLabel('Accession number').fill(entry.accession);
  await form.getByLabel('Patient ID').fill(entry.patientId);
  await form.getByLabel('Patient name').fill(entry.patientName);
  await form.getByLabel('Modality').fill(entry.modality);
  await form.getByLabel('Station AE title').fill(entry.station);
  await form.getByLabel('Scheduled date').fill(entry.date);
  await form.getByLabel('Scheduled time').fill('09:30');
  await form.getByLabel('Procedure description').fill('Examination booked in the UI');
  await screenshot(page, 'worklist-form');
  await form.getByRole('button', { name: 'Create entry' }).click();
  await form.waitFor({ state: 'detached' });

  const notice = await page.getByRole('status').textContent();
  const row = page.getByRole('table', { name: 'Worklist entries' }).locator(`tr[data-accession="${entry.accession}"]`);
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  await screenshot(page, 'worklist-list');
  return { refused, notice, cells };
});
