// Acceptance 5: a user with role viewer is offered no delete, edit or send control, and the API refuses them anyway.
import { env, scenario, signIn } from './lib.mjs';
import { fetchStatus, resultNames, searchByUrl, study } from './studies-common.mjs';

await scenario('studies-viewer-role', async ({ page }) => {
  await signIn(page);
  await searchByUrl(page, { PatientName: study.name });
  const deletedStudiesLink = await page.getByRole('link', { name: 'Deleted studies' }).count();
  await page.getByRole('row', { name: new RegExp(study.name.replace(/\^/g, '\\^')) }).press('Enter');
  await page.getByRole('heading', { level: 1, name: study.name }).waitFor();
  const actions = page.getByRole('group', { name: 'Study actions' });
  await actions.getByRole('link', { name: 'Open in viewer' }).waitFor();
  const offered = (await actions.locator('a, button').allTextContents()).map((t) => t.trim());
  const path = `/api/studies/${encodeURIComponent(study.uid)}`;
  const deleteStatus = await fetchStatus(page, 'DELETE', `${path}?reason=not%20allowed`, env.user, env.password);
  const editStatus = await fetchStatus(page, 'POST', `${path}/attributes`, env.user, env.password);
  await searchByUrl(page, { PatientName: study.name });
  const stillFound = await resultNames(page);
  return { deletedStudiesLink, offered, deleteStatus, editStatus, stillFound };
});
