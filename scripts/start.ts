/**
 * `npm start`: builds, serves demo/ on 127.0.0.1, launches Chromium with the extension, imports
 * demo/entities.json through the options page and opens the demo article.
 *
 * - With a display (DISPLAY or WAYLAND_DISPLAY set): a real window, left open until you close
 *   it or press Ctrl-C.
 * - Without one: headless; prints the mentions it highlighted (document order, with the entity
 *   and highlight), rests the pointer on `Rajnath Singh`, writes `demo.png` with the card open,
 *   and exits 0.
 *
 * Set BACKSTORY_HEADLESS=1 to force the headless run on a machine with a display, and
 * BACKSTORY_BUILD_FRESH=1 to skip the build when dist/ is fresh.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hoverMention, importEntities, waitForHighlights } from './lib/actions';
import { launchChromium, sleep, waitFor, type ExtBrowser } from './lib/browsers';
import { readMentionsInOrderScript, type OrderedMention } from './lib/page-scripts';
import { demoDir, repoRoot } from './lib/paths';
import { startStaticServer, type StaticServer } from './lib/server';
import { ensureBrowsers } from './lib/system';

interface DemoEntity {
  name: string;
  aliases?: string[];
  type?: string;
}

/** Folds case, diacritics and white space, to name a highlighted stretch by the entity it matches. */
const fold = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Which demo entity a highlighted stretch belongs to, for the printout: a name or alias of an
 * entity of the highlight's type, else a person's surname. (The extension knows; the page only
 * sees highlight names, and asking the extension for every mention would mean a hover each.)
 */
function entityFor(mention: OrderedMention, entities: DemoEntity[]): string {
  const type = mention.highlight.replace(/^backstory-/, '');
  const text = fold(mention.text);
  const ofType = entities.filter((e) => (e.type ?? 'other') === type);
  const exact = ofType.find((e) => [e.name, ...(e.aliases ?? [])].some((a) => fold(a) === text));
  if (exact) return exact.name;
  const surname = ofType.find((e) => [e.name, ...(e.aliases ?? [])].some((a) => fold(a).split(' ').at(-1) === text));
  return surname ? `${surname.name} (surname)` : '?';
}

/** Terminal columns of a string: combining marks take none, East Asian wide characters two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    if (/\p{Mn}|\p{Me}/u.test(ch)) continue;
    const c = ch.codePointAt(0) ?? 0;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]))));
  for (const [n, row] of rows.entries()) {
    console.log(row.map((cell, i) => cell + ' '.repeat(widths[i] - displayWidth(cell))).join('  ').trimEnd());
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

async function main(): Promise<number> {
  const headed = !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.BACKSTORY_HEADLESS !== '1';
  const problem = ensureBrowsers(['chromium'], { install: false, purpose: 'npm start', rerun: 'npm start' });
  if (problem) {
    console.error(problem);
    return 1;
  }

  const build = process.env.BACKSTORY_BUILD_FRESH === '1' ? { status: 0 } : spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm start: the build failed');
    return 1;
  }

  let server: StaticServer | undefined;
  let browser: ExtBrowser | undefined;
  try {
    server = await startStaticServer({ '/demo/': demoDir });
    const articleUrl = server.url('/demo/article.html');
    console.log(`Serving demo/ at ${server.origin}/demo/ (127.0.0.1 only)`);
    browser = await launchChromium({ headless: !headed, web: headed });
    console.log(`Chromium ${headed ? '(window)' : '(headless)'} with Backstory at ${browser.extensionBase}`);

    const status = await importEntities(browser, join(demoDir, 'entities.json'));
    console.log(`Options page: ${status}`);
    if (!status.startsWith('Imported')) return 1;

    const tab = await browser.newTab(articleUrl);
    await waitForHighlights(tab);

    if (headed) {
      await tab.bringToFront();
      console.log(`\nOpened ${articleUrl}. Rest the pointer on a highlighted name to see its card.`);
      console.log('Close the browser window or press Ctrl-C to stop.');
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await Promise.race([browser.closed(), stop]);
      return 0;
    }

    // Headless: let the scan settle, print what was highlighted, then photograph a card.
    let mentions: OrderedMention[] = [];
    await waitFor(
      async () => {
        const before = mentions.length;
        await sleep(500);
        mentions = await tab.evaluate<OrderedMention[]>(readMentionsInOrderScript);
        return mentions.length > 0 && mentions.length === before;
      },
      { timeout: 15_000, message: 'the highlights to settle' },
    );
    const parsed = JSON.parse(readFileSync(join(demoDir, 'entities.json'), 'utf8')) as { entities: DemoEntity[] } | DemoEntity[];
    const entities = Array.isArray(parsed) ? parsed : parsed.entities;
    console.log(`\nHighlighted ${mentions.length} mentions on ${articleUrl}:\n`);
    printTable([['#', 'mention', 'entity', 'highlight'], ...mentions.map((m, i) => [String(i + 1), m.text, entityFor(m, entities), m.highlight])]);
    const counts = new Map<string, number>();
    for (const m of mentions) counts.set(m.highlight, (counts.get(m.highlight) ?? 0) + 1);
    console.log(`\nBy highlight: ${[...counts].map(([h, n]) => `${h} ${n}`).join(', ')}`);

    const card = await hoverMention(tab, 'Rajnath Singh');
    await sleep(300); // let the card finish any entrance transition
    const png = join(repoRoot, 'demo.png');
    await tab.screenshot(png);
    console.log(`\nHover card open: "${card.accessibleName}"`);
    console.log(`Screenshot with the card: ${png}`);
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('npm start failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
