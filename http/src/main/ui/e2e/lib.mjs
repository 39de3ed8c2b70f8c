// Shared by the browser scenarios the test suite runs (cluster-config's Ui*Test through UiBrowser): Debian's
// chromium, headless, driven by playwright-core; no browser download, no network beyond the node on loopback.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const env = {
  url: process.env.CAIRN_URL,
  user: process.env.CAIRN_USER ?? 'admin',
  password: process.env.CAIRN_PASSWORD,
  screenshots: process.env.CAIRN_UI_SCREENSHOTS ?? 'target/ui-screenshots',
};

/** A headless chromium page at 1366x768, the smallest screen the UI is made for. */
export async function openBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-gl=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  return { browser, context, page, problems };
}

/** Opens the UI and signs in through its form. */
export async function signIn(page, user = env.user, password = env.password) {
  await page.goto(env.url + '/ui/');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Saves a screenshot as a test artifact; returns its path. */
export async function screenshot(page, name) {
  mkdirSync(env.screenshots, { recursive: true });
  const path = join(env.screenshots, name + '.png');
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs a scenario: prints one line "RESULT <json>" for the Java side and exits 0, or prints the failure and exits
 * 1 (with a screenshot of where it stood).
 */
export async function scenario(name, body) {
  const session = await openBrowser();
  try {
    const result = await body(session);
    console.log('RESULT ' + JSON.stringify({ scenario: name, ...result, problems: session.problems }));
    await session.browser.close();
    process.exit(0);
  } catch (e) {
    console.error(`scenario ${name} failed: ${e.stack ?? e}`);
    console.error('browser problems: ' + JSON.stringify(session.problems));
    try {
      await screenshot(session.page, name + '-failure');
    } catch {
      // the page may be gone
    }
    await session.browser.close();
    process.exit(1);
  }
}
