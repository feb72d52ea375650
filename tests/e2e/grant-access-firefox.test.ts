// `Grant access` (CONTRACT §4): offered on the options page only where the reader withheld the
// extension's access to a server's site. In Firefox, MV3 host permissions can be taken back (the
// add-on manager's site permissions, or permissions.remove), which is what "withheld" looks like to
// the extension. (Chromium refuses to remove required permissions programmatically; its users
// withhold them in the site-access menu, which automation cannot reach.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, waitFor, type ExtBrowser } from '../../scripts/lib/browsers';
import { startCouchServer, type CouchServer } from '../support/couch-server';
import { fillSyncSettings, pressSyncNow, startListServer, subscribeTo, type ListServer } from './sync-helpers';

const grantButtons = `[...document.querySelectorAll('button')].filter((b) => b.textContent.trim() === 'Grant access').length`;

describe('Grant access in Firefox', () => {
  let browser: ExtBrowser;
  let couch: CouchServer;
  let lists: ListServer;
  beforeAll(async () => {
    [browser, couch, lists] = await Promise.all([launchFirefox(), startCouchServer(), startListServer()]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), couch?.close(), lists?.close()]);
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

  it('a sync or subscription that fails because access is withheld says so, not that the server cannot be reached', async () => {
    // Runs after the test above took the http access back. Both servers are up and answer.
    expect(await browser.openExtensionPage('options.html').then(async (page) => {
      try {
        return await page.evaluate<boolean>(`browser.permissions.contains({ origins: ['http://127.0.0.1/*'] })`);
      } finally {
        await page.close();
      }
    })).toBe(false);
    lists.set('/list.json', JSON.stringify({ format: 'backstory.entities', version: 1, title: 'L', entities: [{ name: 'Listed One' }] }));
    const options = await browser.openExtensionPage('options.html');
    try {
      await fillSyncSettings(options, { serverUrl: couch.url, database: 'withheld', username: couch.admin.username, password: couch.admin.password });
      const origin = new URL(couch.url).origin;
      expect((await pressSyncNow(options)).status).toBe(`Sync failed: Backstory's access to ${origin} is withheld in the browser's settings; press Grant access`);
      expect(await subscribeTo(options, lists.url('/list.json'))).toBe(
        `Subscription refused: Backstory's access to ${new URL(lists.url('/list.json')).origin} is withheld in the browser's settings; press Grant access`,
      );
    } finally {
      await options.close();
    }
  });

  it('the popup says that access to websites is withheld, instead of leaving On this page out without a word', async () => {
    lists.set('/page.html', '<!doctype html><title>A page</title><p>Rajnath Singh arrived.</p>', 'text/html; charset=utf-8');
    const page = await browser.newTab(lists.url('/page.html'));
    const popup = await browser.openExtensionPage('popup.html');
    try {
      await waitFor(async () => (await popup.evaluate<string>('document.body.textContent')).includes("Backstory's access to websites is withheld"), { message: 'the note in the popup' });
    } finally {
      await popup.close();
      await page.close();
    }
  });
});
