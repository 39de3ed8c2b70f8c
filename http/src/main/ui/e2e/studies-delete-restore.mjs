// Acceptance 3: find the study, open it, delete it with a reason, see it gone from the search, restore it from the
// deleted studies, see it back.
import { scenario, screenshot, signIn } from './lib.mjs';
import { resultNames, searchByUrl, searchUntil, study } from './studies-common.mjs';

await scenario('studies-delete-restore', async ({ page }) => {
  await signIn(page);
  await searchByUrl(page, { PatientName: study.name });
  const foundBefore = await resultNames(page);

  await page.getByRole('row', { name: new RegExp(study.name.replace(/\^/g, '\\^')) }).click();
  await page.getByRole('heading', { level: 1, name: study.name }).waitFor();
  await page.getByRole('button', { name: 'Edit attributes' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit attributes' });
  await edit.getByLabel('Accession number').fill(`ACC-${Date.now() % 1_000_000}`);
  await edit.getByLabel('Reason for the change').fill('order number was missing');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('The attributes are changed.').waitFor();
  const change = await page.getByRole('table', { name: 'History' }).getByRole('row')
    .filter({ hasText: 'AttributesChanged' }).last().textContent();

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete study' });
  const submitDisabledWithoutReason = await dialog.getByRole('button', { name: 'Delete study' }).isDisabled();
  await dialog.getByLabel('Reason').fill('wrong patient, rescanned');
  await dialog.getByRole('button', { name: 'Delete study' }).click();
  await page.getByText('The study is deleted.').waitFor();
  const deletedNote = await page.locator('.deleted-note').textContent();
  const restoreOffered = await page.getByRole('button', { name: 'Restore' }).isVisible();

  const foundAfterDelete = await searchUntil(page, { PatientName: study.name }, (names) => names.length === 0);

  await page.getByRole('navigation', { name: 'Study lists' }).getByRole('link', { name: 'Deleted studies' }).click();
  const deletedRow = page.getByRole('table', { name: 'Deleted studies' }).getByRole('row')
    .filter({ hasText: study.uid });
  await deletedRow.waitFor();
  const deletedRowText = await deletedRow.textContent();
  await screenshot(page, 'studies-deleted');
  await deletedRow.getByRole('button', { name: `Restore study ${study.uid}` }).click();
  await page.getByText(`Study ${study.uid} restored.`).waitFor();
  const stillListed = await page.getByRole('table', { name: 'Deleted studies' }).getByText(study.uid).count();

  // another study, deleted beforehand, purged for good (administrators only)
  let purged = null;
  if (process.env.PURGE_UID) {
    await page.getByRole('button', { name: `Purge study ${process.env.PURGE_UID}` }).click();
    const purge = page.getByRole('dialog', { name: 'Purge study' });
    await purge.getByRole('button', { name: 'Purge now' }).click();
    await page.getByText(`Study ${process.env.PURGE_UID} purged.`).waitFor({ timeout: 60_000 });
    purged = await page.getByRole('table', { name: 'Deleted studies' }).getByText(process.env.PURGE_UID).count();
  }

  const foundAfterRestore = await searchUntil(page, { PatientName: study.name }, (names) => names.length === 1);
  await page.getByRole('row', { name: new RegExp(study.name.replace(/\^/g, '\\^')) }).click();
  await page.getByRole('table', { name: 'History' }).getByText('StudyRestored').first().waitFor();
  const history = await page.getByRole('table', { name: 'History' }).locator('tbody tr td:nth-child(2)')
    .allTextContents();
  return { foundBefore, change, submitDisabledWithoutReason, deletedNote, restoreOffered, foundAfterDelete, deletedRowText,
    stillListed, purged, foundAfterRestore, history };
});
