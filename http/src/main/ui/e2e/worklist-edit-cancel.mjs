// Edits a worklist entry (station and time) and cancels it, through the UI; filters the list by station; the audit
// of worklist queries shows the findscu queries to an administrator. WL_ACCESSION: the entry; WL_NEW_STATION: its
// new station.
import { env, scenario, screenshot, signIn } from './lib.mjs';

const accession = process.env.WL_ACCESSION;
const newStation = process.env.WL_NEW_STATION;

await scenario('worklist-edit-cancel', async ({ page }) => {
  await signIn(page);
  await page.goto(env.url + '/ui/#/worklist');
  const table = page.getByRole('table', { name: 'Worklist entries' });
  const row = table.locator(`tr[data-accession="${accession}"]`);
  await row.waitFor();

  await row.getByRole('button', { name: `Edit ${accession}` }).click();
  const form = page.getByRole('dialog', { name: `Edit worklist entry ${accession}` });
  const accessionReadOnly = await form.getByLabel('Accession number').evaluate((i) => i.readOnly);
  await form.getByLabel('Station AE title').fill(newStation);
  await form.getByLabel('Scheduled time').fill('14:45');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await form.waitFor({ state: 'detached' });
  await row.filter({ hasText: newStation }).waitFor();
  const edited = await row.locator('td').allTextContents();

  // filter by the new station: the entry is listed; by another: it is not
  await page.getByLabel('Filter station').fill(newStation);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await row.waitFor();
  const listedForStation = await table.locator('tbody tr').count();
  await page.getByLabel('Filter station').fill('NO_SUCH_AE');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('No worklist entries match.').waitFor();
  await page.getByLabel('Filter station').fill('');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await row.waitFor();

  const audit = page.getByRole('table', { name: 'Worklist queries' });
  await audit.waitFor();
  const auditRows = await audit.locator('tbody tr').allTextContents();

  await row.getByRole('button', { name: `Cancel ${accession}` }).click();
  const confirm = page.getByRole('dialog', { name: `Cancel worklist entry ${accession}` });
  await confirm.getByLabel('Reason').fill('Patient did not come');
  await confirm.getByRole('button', { name: 'Cancel entry' }).click();
  await confirm.waitFor({ state: 'detached' });
  await row.filter({ hasText: 'Cancelled' }).waitFor();
  const cancelled = await row.locator('td').allTextContents();
  const actionsLeft = await row.getByRole('button').count();
  await screenshot(page, 'worklist-cancelled');
  return { accessionReadOnly, edited, listedForStation, auditRows, cancelled, actionsLeft };
});
