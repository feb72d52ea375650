/**
 * What a reader does, done through the extension's own UI (CONTRACT §4): import and export on
 * the options page, hovering a mention, reading highlights. Shared by the end-to-end tests and
 * `npm start`.
 */
import { readHighlights, sleep, waitFor, type Card, type ExtBrowser, type Tab } from './browsers';
import {
  captureDownloadsScript,
  downloadCountScript,
  downloadTextScript,
  mentionPointScript,
  type HighlightMap,
  type HighlightRange,
  type Point,
} from './page-scripts';

const importOutcome = /^(Imported \d+ entit(y|ies)|Import refused:)/;

/**
 * Imports `file` on the options page (file input labelled `Import entities`, optionally with
 * `Replace existing entities` checked) and returns the import status text once it shows an
 * outcome that was not already there when the file was chosen.
 */
export async function importEntities(browser: ExtBrowser, file: string, { replace = false, timeout = 60_000 } = {}): Promise<string> {
  const tab = await browser.openExtensionPage('options.html');
  try {
    if (replace) await tab.setChecked('Replace existing entities', true);
    const before = new Set(await waitFor(() => tab.statusTexts(), { message: 'the options page' }));
    await tab.setFiles('Import entities', file);
    let seen: string[] = [];
    return await waitFor(
      async () => {
        seen = await tab.statusTexts();
        return seen.find((t) => importOutcome.test(t) && !before.has(t)) ?? null;
      },
      { timeout, message: () => `an import outcome in a role="status" element (status texts: ${JSON.stringify(seen)})` },
    );
  } finally {
    await tab.close();
  }
}

/** Presses `Export` on the options page and returns the downloaded file's text. */
export async function exportEntities(browser: ExtBrowser): Promise<string> {
  const tab = await browser.openExtensionPage('options.html');
  try {
    await tab.evaluate(captureDownloadsScript);
    await tab.click('Export');
    await waitFor(async () => (await tab.evaluate<number>(downloadCountScript)) > 0, { message: 'the Export download' });
    return await tab.evaluate<string>(downloadTextScript(0));
  } finally {
    await tab.close();
  }
}

/** Waits until the page has `backstory-*` highlights (and `predicate` holds), then returns them. */
export async function waitForHighlights(
  tab: Tab,
  predicate: (map: HighlightMap) => boolean = () => true,
  timeout = 15_000,
): Promise<HighlightMap> {
  let last: HighlightMap = {};
  return waitFor(
    async () => {
      last = await readHighlights(tab);
      const ours = Object.entries(last).filter(([name, ranges]) => name.startsWith('backstory') && ranges.length > 0);
      return ours.length > 0 && predicate(last) ? last : null;
    },
    { timeout, message: () => `highlights (last seen: ${summarizeHighlights(last)})` },
  );
}

/** `backstory-person: Rajnath Singh, Singh | backstory-place: …` for messages. */
export function summarizeHighlights(map: HighlightMap): string {
  const parts = Object.entries(map).map(([name, ranges]) => `${name}: ${ranges.map((r) => r.text).join(', ')}`);
  return parts.length ? parts.join(' | ') : '(none)';
}

/** Texts of the ranges of one highlight. */
export function textsOf(map: HighlightMap, name: string): string[] {
  return (map[name] ?? []).map((r) => r.text);
}

/** Every backstory range, whatever its highlight. */
export function allMentions(map: HighlightMap): (HighlightRange & { highlight: string })[] {
  return Object.entries(map)
    .filter(([name]) => name.startsWith('backstory'))
    .flatMap(([highlight, ranges]) => ranges.map((r) => ({ highlight, ...r })));
}

/** Moves the pointer off any text (top-left corner) and waits until no card is shown. */
export async function pointerAway(tab: Tab, timeout = 5_000): Promise<void> {
  await tab.mouseMove(2, 2);
  await waitFor(async () => (await tab.readCard()) === null, { timeout, message: 'the card to close after the pointer left' }).catch(async () => {
    await tab.press('Escape');
    await waitFor(async () => (await tab.readCard()) === null, { timeout, message: 'the card to close' });
  });
}

/** The centre of the `index`-th mention whose text is `text`, scrolled into view. */
export async function mentionPoint(tab: Tab, text: string, index = 0): Promise<Point> {
  return waitFor(() => tab.evaluate<Point | null>(mentionPointScript(text, index)), { timeout: 10_000, message: `a highlighted "${text}"` });
}

/**
 * Rests the pointer on the `index`-th highlighted `text` and waits for a card whose accessible
 * name starts with `expectName` (default `text`). Moves the pointer off first so the rest is new.
 */
export async function hoverMention(tab: Tab, text: string, { index = 0, expectName = text, timeout = 5_000 } = {}): Promise<Card> {
  await tab.bringToFront();
  await tab.mouseMove(2, 2);
  await sleep(50);
  const point = await mentionPoint(tab, text, index);
  // Arrive in two small moves, as a hand does; then rest.
  await tab.mouseMove(point.x - 3, point.y);
  await tab.mouseMove(point.x, point.y);
  let last: Card | null = null;
  return waitFor(
    async () => {
      last = await tab.readCard();
      return last && (last.accessibleName.startsWith(expectName) || last.domName.startsWith(expectName)) ? last : null;
    },
    { timeout, message: () => `a card for "${expectName}" after resting on "${text}" at ${point.x},${point.y} (card seen: ${JSON.stringify(last)})` },
  );
}
