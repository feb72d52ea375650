/**
 * Scripts run in an extension page (options.html) that read or touch the extension's own
 * IndexedDB store and alarms, for the end-to-end tests and the browser benchmarks. Extension
 * pages share the service worker's origin, so they see the same `backstory` database; the
 * shipped extension has no test hook for any of this.
 *
 * Each export is a string for `Tab.evaluate` (functions are not serialized: see docs/testing.md).
 */

/** Runs `body` (statements, with `db` the open store and `req` turning an IDBRequest into a promise) in an extension page. */
export function idbScript(body: string): string {
  return `(async () => {
    const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await req(indexedDB.open('backstory'));
    try { ${body} } finally { db.close(); }
  })()`;
}

/** The marker `plantMarkerScript` puts in every row of a list. */
export const ROW_MARKER = 'e2ePlanted';

/** A subscription's record and its rows, as stored. */
export interface ListState {
  id: string;
  etag?: string;
  updatedAt?: number;
  checkedAt?: number;
  dueAt: number;
  count: number;
  bodySha256?: string;
  httpLastModified?: string;
  lastModified?: string;
  /** The last refusal or failure, in words. */
  error?: string;
  rows: number;
  /** Rows of the list still carrying `ROW_MARKER`. */
  marked: number;
  /** The stored name of the list's entity `e0`. */
  firstName?: string;
}

export function listStateScript(url: string): string {
  return idbScript(`
    const tx = db.transaction(['lists', 'entities'], 'readonly');
    const record = await req(tx.objectStore('lists').index('url').get(${JSON.stringify(url)}));
    if (!record) return null;
    const rows = await req(tx.objectStore('entities').index('source').getAll('list:' + record.id));
    return { ...record, rows: rows.length, marked: rows.filter((r) => r[${JSON.stringify(ROW_MARKER)}] === true).length, firstName: rows.find((r) => r.id === record.id + '/e0')?.name };
  `);
}

/**
 * Puts `ROW_MARKER` in every row of the list: a rewrite of the list's rows (delete, then add
 * from the fetched copy) drops it, so rows still marked afterwards were not rewritten. With
 * `due`, also makes the list due now. Resolves with the number of rows marked.
 */
export function plantMarkerScript(url: string, due: boolean): string {
  return idbScript(`
    const tx = db.transaction(['lists', 'entities'], 'readwrite');
    const lists = tx.objectStore('lists');
    const record = await req(lists.index('url').get(${JSON.stringify(url)}));
    const entities = tx.objectStore('entities');
    const rows = await req(entities.index('source').getAll('list:' + record.id));
    for (const row of rows) entities.put({ ...row, [${JSON.stringify(ROW_MARKER)}]: true });
    if (${due}) lists.put({ ...record, dueAt: 0 });
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    return rows.length;
  `);
}

/**
 * Fires the subscriptions' refresh alarm now (an unpacked extension's alarms have no minimum
 * delay), keeping its 30-minute period; resolves with `Date.now()` once the page itself saw it
 * fire (alarm events reach every extension page).
 */
export const fireRefreshAlarmScript = `new Promise((resolve) => {
  const name = 'backstory-refresh-lists';
  const seen = (alarm) => { if (alarm.name === name) { chrome.alarms.onAlarm.removeListener(seen); resolve(Date.now()); } };
  chrome.alarms.onAlarm.addListener(seen);
  chrome.alarms.create(name, { when: Date.now() + 100, periodInMinutes: 30 });
})`;

/** Moves the refresh alarm half an hour out (the worker's own first check must not race a test's). */
export const postponeRefreshAlarmScript = `chrome.alarms.create('backstory-refresh-lists', { delayInMinutes: 30, periodInMinutes: 30 }).then(() => true)`;

/** The sync service's last recorded state (`meta` `syncState`): its `at` is when the outcome was stored. */
export const syncStateScript = idbScript(`
  const tx = db.transaction(['meta'], 'readonly');
  return (await req(tx.objectStore('meta').get('syncState')))?.value ?? null;
`);

/** How many entity rows the store holds. */
export const entityCountScript = idbScript(`
  return await req(db.transaction(['entities'], 'readonly').objectStore('entities').count());
`);

/** Records, in the page, the time of the next click on a button named `name` (read with `lastClickAtScript`). */
export function recordClickScript(name: string): string {
  return `(() => {
    window.__backstoryClickAt = undefined;
    document.addEventListener('click', (e) => {
      const b = e.target instanceof Element ? e.target.closest('button') : null;
      if (b && (b.textContent || '').trim() === ${JSON.stringify(name)}) window.__backstoryClickAt = Date.now();
    }, { capture: true });
    return true;
  })()`;
}

export const lastClickAtScript = `window.__backstoryClickAt ?? null`;
