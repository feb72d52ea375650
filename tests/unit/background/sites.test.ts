import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { SiteRules } from '../../../src/background/sites';
import { openDb } from '../../../src/shared/db';

describe('SiteRules', () => {
  it('keeps a switch made while a woken worker is still loading the list for a scan', async () => {
    const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
    await new SiteRules(db).setEnabled('example.org', false);
    // A worker woken by two messages at once: a popup switches the site on, and a page's scan asks.
    const sites = new SiteRules(db);
    await Promise.all([sites.setEnabled('example.org', true), sites.isEnabled('example.org')]);
    // The next scan must see the switch.
    expect(await sites.isEnabled('example.org')).toBe(true);
    expect(await sites.list()).toEqual([]);
    expect(await new SiteRules(db).isEnabled('example.org')).toBe(true);
  });

  it('goes by host name, whatever its case', async () => {
    const sites = new SiteRules(openDb({ indexedDB: new IDBFactory(), IDBKeyRange }));
    await sites.setEnabled('News.Example.COM', false);
    expect(await sites.isEnabled('news.example.com')).toBe(false);
    expect(await sites.isEnabled('example.com')).toBe(true);
    expect(await sites.list()).toEqual(['news.example.com']);
  });
});
