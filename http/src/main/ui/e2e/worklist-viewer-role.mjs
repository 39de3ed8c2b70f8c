// A viewer (permission read only) sees the worklist but is offered no way to change it, and no upload.
import { env, scenario, screenshot, signIn } from './lib.mjs';

await scenario('worklist-viewer-role', async ({ page }) => {
  await signIn(page);
  const navigation = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
  await page.goto(env.url + '/ui/#/worklist');
  const table = page.getByRole('table', { name: 'Worklist entries' });
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  const changeButtons = await page.getByRole('button', { name: /New entry|Edit|Cancel/ }).count();
  const auditShown = await page.getByRole('heading', { name: 'Worklist query audit' }).count();
  await screenshot(page, 'worklist-viewer');
  await page.goto(env.url + '/ui/#/upload');
  const upload = await page.getByRole('alert').textContent();
  const fileInputs = await page.locator('input[type=file]').count();
  return { navigation, rows, changeButtons, auditShown, upload, fileInputs };
});
