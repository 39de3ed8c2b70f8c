// Signs in and out: the page loads, the form works, the navigation matches the user's permissions.
import { env, scenario, screenshot, signIn } from './lib.mjs';

await scenario('sign-in', async ({ page }) => {
  await page.goto(env.url + '/ui/');
  await screenshot(page, 'sign-in');
  await page.getByLabel('User name').fill(env.user);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const refused = await page.getByRole('alert').textContent();
  await signIn(page);
  const navigation = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  return { refused, navigation };
});
