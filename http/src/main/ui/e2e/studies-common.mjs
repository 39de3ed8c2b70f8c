// Helpers of the study browser scenarios (studies-*.mjs): the study under test comes from the environment.
import { env } from './lib.mjs';

export const study = {
  uid: process.env.STUDY_UID,
  name: process.env.STUDY_NAME,
};

/** Opens the study list with a search given as URL query, waiting for the search to answer. */
export async function searchByUrl(page, query) {
  await page.goto(`${env.url}/ui/#/studies?${new URLSearchParams(query)}`);
  await resultsShown(page);
}

/**
 * Searches again until the names satisfy {@code expected} or 10 s have passed: the search reads a view the node
 * updates a moment after a delete or restore. Returns the last names seen.
 */
export async function searchUntil(page, query, expected) {
  const deadline = Date.now() + 10_000;
  await searchByUrl(page, query);
  for (;;) {
    const names = await resultNames(page);
    if (expected(names) || Date.now() > deadline) {
      return names;
    }
    await page.waitForTimeout(250);
    await page.reload();
    await resultsShown(page);
  }
}

/** Waits until the results say how many studies matched. */
export async function resultsShown(page) {
  const status = page.getByRole('region', { name: 'Search results' }).getByRole('status');
  await status.filter({ hasText: /^(Studies \d|No study matches)/ }).waitFor();
}

/** The patient names in the result table, in display order. */
export async function resultNames(page) {
  const table = page.getByRole('table', { name: 'Studies' });
  if (await table.count() === 0) {
    return [];
  }
  return table.locator('tbody tr td:first-child').allTextContents();
}

/** A fetch from inside the page with the given user's Basic credentials; returns the status. */
export async function fetchStatus(page, method, path, user, password) {
  return page.evaluate(async ({ method, path, auth }) => {
    const response = await fetch(path, {
      method, headers: { Authorization: auth, 'X-Requested-With': 'cairn-ui', 'Content-Type': 'application/json' },
      body: method === 'POST' ? JSON.stringify({ changes: { PatientName: 'X^Y' }, reason: 'test' }) : undefined,
    });
    return response.status;
  }, { method, path, auth: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64') });
}
