import { describe, expect, it, vi } from 'vitest';
import { BadgeReporter, distinctEntities } from '../../../src/content/badge-report';
import { prefilledEditorUrl, prefillFrom } from '../../../src/shared/prefill';
import { nextIndex, pagesFor, ROW_HEIGHT, scrollToShow, visibleRange } from '../../../src/popup/results-window';
import { readSettings, DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { highlightCss } from '../../../src/content/highlight-style';
import { plural, t } from '../../../src/ui/i18n';
import english from '../../../src/_locales/en/messages.json';

describe('prefilled editor (context menu)', () => {
  it('takes the selection as the name and the page as a first link', () => {
    expect(prefillFrom('?new=%20Gen%0ANakatani%20&title=A%20%3Cb%3E%20story&url=https%3A%2F%2Fx.org%2Fa%3Fb%3D1')).toEqual({
      name: 'Gen Nakatani',
      links: 'A b story <https://x.org/a?b=1>',
    });
    expect(prefillFrom('?new=X&url=javascript:alert(1)')).toEqual({ name: 'X', links: '' });
    expect(prefillFrom('?new=X&url=https://x.org/')).toEqual({ name: 'X', links: 'https://x.org/' });
    expect(prefillFrom('?tab=3')).toBeUndefined();
  });
});

describe('the context menu\'s editor URL', () => {
  it('carries the selection on one line, and the page when it is a web page; the popup reads back what was meant', () => {
    const url = prefilledEditorUrl('  Gen\n  Nakatani ', { title: 'Defence <talks> in Tokyo', url: 'https://news.example/a?b=1&c=2' });
    expect(url.startsWith('popup.html?')).toBe(true);
    expect(prefillFrom(url.slice('popup.html'.length))).toEqual({ name: 'Gen Nakatani', links: 'Defence talks in Tokyo <https://news.example/a?b=1&c=2>' });
    // Not a web page (a file, the browser's own pages): the selection alone.
    expect(prefillFrom(prefilledEditorUrl('Pahalgam', { title: 'x', url: 'file:///tmp/a.html' }).slice('popup.html'.length))).toEqual({ name: 'Pahalgam', links: '' });
    expect(new URLSearchParams(prefilledEditorUrl('x'.repeat(500)).split('?')[1]).get('new')).toHaveLength(200);
  });
});

describe('virtual result list', () => {
  it('renders the rows in view plus a margin, and asks for their pages', () => {
    expect(visibleRange(0, 8 * ROW_HEIGHT, 3)).toEqual({ first: 0, last: 3 });
    const r = visibleRange(1000 * ROW_HEIGHT, 8 * ROW_HEIGHT, 100_000);
    expect(r.first).toBeLessThanOrEqual(1000);
    expect(r.last).toBeGreaterThanOrEqual(1008);
    expect(pagesFor(r.first, r.last)).toEqual([19, 20]);
    expect(pagesFor(0, 0)).toEqual([]);
  });

  it('scrolls as little as needed to show the active row', () => {
    expect(scrollToShow(0, 0, 272)).toBe(0);
    expect(scrollToShow(8, 0, 272)).toBe(9 * ROW_HEIGHT - 272);
    expect(scrollToShow(2, 5 * ROW_HEIGHT, 272)).toBe(2 * ROW_HEIGHT);
  });

  it('moves with the arrow, page and Home/End keys; up from the first row leaves the list', () => {
    expect(nextIndex('ArrowDown', 0, 10, 7)).toBe(1);
    expect(nextIndex('ArrowDown', 9, 10, 7)).toBe(9);
    expect(nextIndex('ArrowUp', 0, 10, 7)).toBe(-1);
    expect(nextIndex('PageDown', 5, 10, 7)).toBe(9);
    expect(nextIndex('Home', 5, 10, 7)).toBe(0);
    expect(nextIndex('End', 5, 10, 7)).toBe(9);
    expect(nextIndex('a', 5, 10, 7)).toBeUndefined();
  });
});

describe('badge report', () => {
  it('counts distinct first-ranked entities and reports only changes', async () => {
    vi.useFakeTimers();
    expect(distinctEntities([{ ids: ['a', 'b'] }, { ids: ['a'] }, { ids: ['c'] }])).toBe(2);
    const sent: number[] = [];
    const reporter = new BadgeReporter(async (n) => sent.push(n));
    reporter.update([{ ids: ['a'] }]);
    reporter.update([{ ids: ['a'] }, { ids: ['b'] }]);
    await vi.runAllTimersAsync();
    reporter.update([{ ids: ['b'] }, { ids: ['a'] }]);
    await vi.runAllTimersAsync();
    reporter.update([]);
    await vi.runAllTimersAsync();
    expect(sent).toEqual([2, 0]);
    vi.useRealTimers();
  });
});

describe('settings and messages', () => {
  it('reads stored settings with defaults and bounds', () => {
    expect(readSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ highlightStyle: 'underline', hoverDelayMs: 99999 })).toEqual({ highlightStyle: 'underline', hoverDelayMs: 1500, typeColors: {}, hiddenTypes: [] });
    expect(readSettings({ highlightStyle: 'neon', hoverDelayMs: '3' })).toEqual(DEFAULT_SETTINGS);
    // Colours per type (#rrggbb only) and hidden types (known ones, in the types' order).
    expect(readSettings({ typeColors: { place: '#FF0000', person: 'red', planet: '#000000' }, hiddenTypes: ['org', 'planet', 'person', 'org'] }))
      .toMatchObject({ typeColors: { place: '#ff0000' }, hiddenTypes: ['person', 'org'] });
  });

  it('writes each type\'s rule with the reader\'s colour, and an unpainted one for a hidden type', () => {
    const css = highlightCss({ highlightStyle: 'tint', typeColors: { place: '#ff0000' }, hiddenTypes: ['person'] });
    const rule = (type: string) => css.split('\n}').find((r) => r.includes(`::highlight(backstory-${type})`)) ?? '';
    expect(rule('place')).toContain('rgb(255 0 0 / 0.26)');
    expect(rule('org')).toContain('rgb(70 130 255 / 0.26)');
    expect(rule('person')).toContain('background-color: transparent');
    expect(rule('person')).not.toContain('rgb(');
    expect(highlightCss()).toBe(highlightCss({ highlightStyle: 'tint', typeColors: {}, hiddenTypes: [] }));
  });

  it('keeps the contract’s labels exactly, and substitutes counts', () => {
    expect([t('searchEntities'), t('addEntity'), t('fieldName'), t('fieldAliases'), t('fieldType'), t('fieldSummary'), t('fieldNotes'), t('fieldTags'), t('fieldLinks'),
      t('delete'), t('undo'), t('onThisPage'), t('highlightOnThisSite'), t('saved')])
      .toEqual(['Search entities', 'Add entity', 'Name', 'Aliases', 'Type', 'Summary', 'Notes', 'Tags', 'Links', 'Delete', 'Undo', 'On this page', 'Highlight on this site', 'Saved']);
    expect(plural(1, 'entityCount_one', 'entityCount_other')).toBe('1 entity');
    expect(plural(12000, 'entityCount_one', 'entityCount_other')).toBe('12,000 entities');
    expect(t('linkInvalid', 2, 'ftp://x')).toBe('Line 2: “ftp://x” is not a web address (http:// or https://).');
  });

  it('keeps the options page’s contract labels and status words exactly', () => {
    expect([t('importEntities'), t('replaceExisting'), t('exportJson'), t('exportCsv'), t('serverUrl'), t('database'), t('username'), t('password'),
      t('syncNow'), t('listUrl'), t('subscribe'), t('unsubscribe'), t('grantAccess'), t('syncing')])
      .toEqual(['Import entities', 'Replace existing entities', 'Export', 'Export CSV', 'Server URL', 'Database', 'Username', 'Password',
        'Sync now', 'List URL', 'Subscribe', 'Unsubscribe', 'Grant access', 'Syncing…']);
    // Counts in digits, without separators, whatever the count (CONTRACT §4: `Imported 100000 entities`).
    expect(t('importedCount', 100000)).toBe('Imported 100000 entities');
    expect(t('importedCount', 1)).toBe('Imported 1 entities');
    expect(t('importRefused', 'line 3: field "name": required')).toBe('Import refused: line 3: field "name": required');
    expect(t('subscriptionRefused', 'not JSON')).toBe('Subscription refused: not JSON');
    expect(t('syncFailed', 'wrong password')).toBe('Sync failed: wrong password');
  });

  it('names every message as browsers allow', () => {
    for (const key of Object.keys(english)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });
});
