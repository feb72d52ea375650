// `Grant access` (CONTRACT §4): offered on the options page only where the reader withheld the
// extension's access to a server's site. In Firefox, MV3 host permissions can be taken back (the
// add-on manager's site permissions, or permissions.remove), which is what "withheld" looks like to
// the extension. (Chromium refuses to remove required permissions programmatically; its users
// withhold them in the site-access menu, which automation cannot reach.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, waitFor, type ExtBrowser } from '../../scripts/lib/browsers';

const grantButtons = `[...document.querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Grant access').length`;

describe('Grant access in Firefox', () => {
  let browser: ExtBrowser;
  beforeAll(async () => {
    browser = await launchFirefox();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is not offered while the declared host access is granted, and is offered once it is withheld', async () => {
    const options = await browser.openExtensionPage('options.html');
    try {
      await options.fill('Server URL', 'http://127.0.0.1:5984');
      await options.fill('List URL', 'https://lists.example.org/entities.json');
      // Give the permission checks a moment to answer.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await options.evaluate<number>(grantButtons)).toBe(0);

      const removed = await options.evaluate<boolean>(`browser.permissions.remove({ origins: ['http://*/*'] })`);
      expect(removed).toBe(true);
      expect(await options.evaluate<boolean>(`browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })`)).toBe(false);
      // The open page follows the change at once (the sync server's site; the list's is https).
      await waitFor(async () => (await options.evaluate<number>(grantButtons)) === 1, { message: 'the Grant access button on the page already open' });
    } finally {
      await options.close();
    }
    // A fresh options page checks again: the sync server's site is now withheld.
    const again = await browser.openExtensionPage('options.html');
    try {
      await again.fill('Server URL', 'http://127.0.0.1:5984');
      await waitFor(async () => (await again.evaluate<number>(grantButtons)) === 1, { message: 'one Grant access button, for the sync server' });
    } finally {
      await again.close();
    }
  });
});
