// Chromium with the unpacked dist/chrome: subscribed lists end to end (tests/e2e/subscriptions-suite.ts),
// then the refresh on the alarm (issue 6: "a list is due after its `expires`", "Subscription
// refresh of a 100k-entity list that did not change: a single conditional request, no rewrite of
// the store"), with a 2,000-entity list; `npm run bench` measures the refresh of 100k.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launch, sleep, waitFor, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';
import { fireRefreshAlarmScript, listStateScript, plantMarkerScript, type ListState } from '../support/extension-store';
import { startListServer, subscribeTo, type ListRequest, type ListServer } from './sync-helpers';
import { subscriptionsSuite } from './subscriptions-suite';

subscriptionsSuite('chromium');

const BIG_PATH = '/lists/big.json';
const N = 2000;

function bigList(lastModified: string, renamed?: string): string {
  const entities = Array.from({ length: N }, (_, i) => ({ id: `e${i}`, name: i === 0 && renamed ? renamed : `Refreshwatch ${i}`, type: 'other' }));
  return JSON.stringify({ format: 'backstory.entities', version: 1, title: 'Big list', expires: '1 day', lastModified, entities });
}

describe('Subscription refresh on the alarm in chromium', () => {
  let lists: ListServer;
  let browser: ExtBrowser;
  let options: Tab;
  const url = (): string => lists.url(BIG_PATH);
  const bigRequests = () => lists.requests.filter((r) => r.path === BIG_PATH);
  const state = (): Promise<ListState> => options.evaluate<ListState>(listStateScript(url()));

  beforeAll(async () => {
    lists = await startListServer();
    lists.set(BIG_PATH, bigList('2025-06-01T00:00:00Z'));
    browser = await launch('chromium');
    options = await browser.openExtensionPage('options.html');
    expect(await subscribeTo(options, url(), 60_000)).toBe(`Subscribed: ${N} entities`);
  });

  afterAll(async () => {
    await browser?.close();
    await lists?.close();
  });

  test('a list not yet due (expires: 1 day) is not fetched when the alarm fires', async () => {
    const before = await state();
    expect(before.rows).toBe(N);
    expect(before.dueAt, 'due about a day after subscribing').toBeGreaterThan(Date.now() + 20 * 3_600_000);
    const requests = bigRequests().length;
    await options.evaluate(fireRefreshAlarmScript);
    await sleep(2000);
    expect(bigRequests().length, 'no request for a list that is not due').toBe(requests);
    expect((await state()).checkedAt).toBe(before.checkedAt);
  });

  /** Serves `body`, makes the list due and fires the alarm; resolves with the state once the refresh recorded its check. */
  async function refreshWith(body: string): Promise<{ before: ListState; after: ListState; sent: ListRequest[]; statuses: number[] }> {
    lists.set(BIG_PATH, body);
    await options.evaluate<number>(plantMarkerScript(url(), true));
    const before = await state();
    const requests = bigRequests().length;
    await options.evaluate(fireRefreshAlarmScript);
    const after = await waitFor(async () => {
      const now = await state();
      return now.checkedAt !== before.checkedAt ? now : null;
    }, { timeout: 30_000, message: 'the refresh to record its check' });
    const sent = bigRequests().slice(requests);
    return { before, after, sent, statuses: sent.map((r) => r.status) };
  }

  test('an unchanged list that is due: one conditional request, answered 304, and no row rewritten', async () => {
    const { before, after, sent } = await refreshWith(bigList('2025-06-01T00:00:00Z'));
    expect(before.marked).toBe(N);
    expect(sent, 'a single request').toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 304, ifNoneMatch: before.etag });
    expect(sent[0].ifModifiedSince, 'If-Modified-Since sent too').toBe(before.httpLastModified);
    expect(after.marked, 'every row still carries the planted marker: none was rewritten').toBe(N);
    expect(after.rows).toBe(N);
    // The last good copy's record is as it was; only the check time and the next due time moved.
    expect(after).toMatchObject({ etag: before.etag, updatedAt: before.updatedAt, bodySha256: before.bodySha256, lastModified: before.lastModified, count: N });
    expect(after.dueAt).toBeGreaterThan(Date.now() + 20 * 3_600_000);
    console.log(`chromium subscriptions: alarm refresh of an unchanged ${N}-entity list: ${sent.length} request, ${sent[0].status}`);
  });

  test('a changed list that is due: one request, answered 200, swapped in whole', async () => {
    const { before, after, statuses } = await refreshWith(bigList('2025-06-02T00:00:00Z', 'Refreshwatch renamed'));
    expect(statuses).toEqual([200]);
    expect(after).toMatchObject({ rows: N, count: N, marked: 0, firstName: 'Refreshwatch renamed', lastModified: '2025-06-02T00:00:00Z' });
    expect(after.etag).not.toBe(before.etag);
  });

  const HOUR = 3_600_000;

  test('a copy older than the kept one is refused: the last good copy stays, untouched, retried in 4 hours', async () => {
    const { before, after, statuses } = await refreshWith(bigList('2025-05-01T00:00:00Z', 'Refreshwatch from an old mirror'));
    expect(statuses).toEqual([200]);
    expect(after).toMatchObject({ rows: N, count: N, marked: N, firstName: 'Refreshwatch renamed', lastModified: '2025-06-02T00:00:00Z', etag: before.etag, updatedAt: before.updatedAt });
    expect(after.error).toMatch(/older/i);
    expect(after.dueAt).toBeGreaterThan(Date.now() + 3 * HOUR);
    expect(after.dueAt).toBeLessThan(Date.now() + 5 * HOUR);
  });

  test('an empty body answered with 200 is refused: the last good copy stays, untouched', async () => {
    const { before, after, statuses } = await refreshWith('');
    expect(statuses).toEqual([200]);
    expect(after).toMatchObject({ rows: N, count: N, marked: N, firstName: 'Refreshwatch renamed', etag: before.etag, updatedAt: before.updatedAt });
    expect(after.error).toMatch(/empty/i);
  });

  test('an HTML page answered with 200 on a refresh (a captive portal) is refused: the last good copy stays, untouched', async () => {
    const { before, after, statuses } = await refreshWith('<!doctype html><html><body>Sign in to the hotel Wi-Fi</body></html>');
    expect(statuses).toEqual([200]);
    expect(after).toMatchObject({ rows: N, count: N, marked: N, etag: before.etag, updatedAt: before.updatedAt });
    expect(after.error).toMatch(/HTML|web page/i);
  });
});
