/**
 * Launching Chromium and Firefox ESR with the unpacked extension, and one small interface over
 * both (`ExtBrowser`, `Tab`) so the end-to-end tests and `npm start` say what they do once.
 *
 * - Chromium: playwright-core `launchPersistentContext` on /usr/bin/chromium (no browser
 *   download), the extension id read from its service worker's URL.
 * - Firefox ESR: puppeteer-core over WebDriver BiDi, `installExtension(dist/firefox)`, with a fixed
 *   extension UUID (pref `extensions.webextensions.uuids`) so `moz-extension://<uuid>/options.html`
 *   is known in advance.
 *
 * The hover card lives in a closed shadow root that page scripts cannot reach. It is read from
 * outside the page, with the automation protocols' own privileges, never through anything the
 * shipped extension exposes (see docs/testing.md):
 * - Chromium: CDP `DOM.getDocument({ pierce: true })` reaches closed shadow roots, `DOM.resolveNode`
 *   gives a handle to call a reader function on, and `Accessibility.getFullAXTree` gives the
 *   dialog's accessible name as Chromium computes it.
 * - Firefox: WebDriver BiDi's standard serialization option `includeShadowTree: "all"` returns
 *   closed shadow roots as shared references that can be passed back to `script.callFunction`,
 *   and `browsingContext.locateNodes` with an accessibility locator (role + name) started at that
 *   root confirms the accessible name with Firefox's accessibility engine.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type ElementHandle, type Page as PpPage } from 'puppeteer-core';
import { distChrome, distFirefox, geckoId } from './paths';
import {
  readCardInRootFunction,
  readHighlightsScript,
  statusTextsScript,
  type CardDom,
  type HighlightMap,
} from './page-scripts';

export type BrowserKind = 'chromium' | 'firefox';

/** Browser executables: /usr/bin by default, or CHROMIUM_PATH / FIREFOX_PATH (set by scripts/lib/system.ts). */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const firefoxPath = (): string => process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** The fixed moz-extension UUID the Firefox launch assigns to the add-on. */
export const firefoxExtensionUuid = '6f0b3c1e-2a4d-4e8f-9b7a-5c3d2e1f0a9b';

/** An open hover card as the tests read it. */
export interface Card extends CardDom {
  /** The dialog's accessible name as the browser's accessibility engine computes it. */
  accessibleName: string;
  /** Chromium only: the names of the text nodes in the dialog's accessibility subtree, in order. */
  accessibleTexts?: string[];
}

export interface Tab {
  readonly kind: BrowserKind;
  url(): string;
  /**
   * Navigates an http(s) page and waits for its load event, or for `DOMContentLoaded` with
   * `{ until: 'dcl' }` (saved real pages ask for subresources that never come).
   */
  goto(url: string, options?: GotoOptions): Promise<void>;
  /** Evaluates a JavaScript expression in the page's own world (see page-scripts.ts). */
  evaluate<T>(expression: string): Promise<T>;
  bringToFront(): Promise<void>;
  /** Chooses a file in the file input whose label is exactly `label`. */
  setFiles(label: string, file: string): Promise<void>;
  /** Checks or unchecks the checkbox labelled `label`. */
  setChecked(label: string, checked: boolean): Promise<void>;
  /** Replaces the text of the field labelled `label` by typing `text` into it. */
  fill(label: string, text: string): Promise<void>;
  /** The current value of the field labelled `label`. */
  fieldValue(label: string): Promise<string>;
  /** Clicks the control named exactly `name` with one of `roles` (default button, then link). */
  click(name: string, roles?: readonly ('button' | 'link' | 'checkbox')[]): Promise<void>;
  /** Texts of the page's `role="status"` elements. */
  statusTexts(): Promise<string[]>;
  mouseMove(x: number, y: number): Promise<void>;
  press(key: 'Escape' | 'Tab' | 'Enter'): Promise<void>;
  /** The open hover card, or null when none is shown. */
  readCard(): Promise<Card | null>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface GotoOptions {
  until?: 'load' | 'dcl';
}

export interface ExtBrowser {
  readonly kind: BrowserKind;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/`. */
  readonly extensionBase: string;
  /** A new tab on an http(s) page, loaded (see `Tab.goto`). */
  newTab(url: string, options?: GotoOptions): Promise<Tab>;
  /** A new tab on one of the extension's pages (`options.html`, `popup.html`), its DOM ready. */
  openExtensionPage(page: string): Promise<Tab>;
  /**
   * Stops the extension's background and resolves once it is stopped, with a line saying how.
   * Chromium: CDP `ServiceWorker.stopAllWorkers`. Firefox: waits for the event page's idle
   * timeout (set with `backgroundIdleTimeoutMs` at launch), asking Firefox to terminate it only
   * if it does not go idle in time.
   */
  stopBackground(): Promise<string>;
  /** Resolves when the browser is closed (by the user, in a headed run). */
  closed(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  /** The unpacked extension; default dist/chrome or dist/firefox. */
  extensionDir?: string;
  /**
   * Chromium only: keep the back/forward cache on, as in a reader's Chrome (Playwright turns it off
   * with `--disable-back-forward-cache`).
   */
  backForwardCache?: boolean;
  /** Firefox only: `extensions.background.idle.timeout` in ms (Firefox's default is 30 s). */
  backgroundIdleTimeoutMs?: number;
  /**
   * Let the browser reach addresses other than loopback: `npm start`'s window, where a reader may
   * try Backstory on real sites. Tests and benchmarks never set it.
   */
  web?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value that is not null/undefined/false, or throws on timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  { timeout = 10_000, interval = 100, message = 'condition' }: { timeout?: number; interval?: number; message?: string | (() => string) } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const what = typeof message === 'function' ? message() : message;
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${cause}`);
    }
    await sleep(interval);
  }
}

/**
 * Browsers launched by this process are listed in BACKSTORY_PID_DIR (set by `npm test`), one
 * empty file per pid, so `npm test` can stop them if it has to stop a hung vitest: puppeteer
 * starts Firefox in its own process group, which outlives a killed test worker.
 */
function registerBrowserPid(pid: number): void {
  const dir = process.env.BACKSTORY_PID_DIR;
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, String(pid)), '');
  } catch {
    /* best effort */
  }
}

function unregisterBrowserPid(pid: number): void {
  const dir = process.env.BACKSTORY_PID_DIR;
  if (dir) rmSync(join(dir, String(pid)), { force: true });
}

function requireFile(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}`);
}

/** Page-world expression: the form control whose label is exactly `label`, or null. */
export const findByLabelScript = (label: string): string => `((label) => {
  const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const controls = [...document.querySelectorAll('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="searchbox"], [role="checkbox"]')];
  const nameOf = (el) => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) return norm(labelledby.split(/\\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const aria = el.getAttribute('aria-label');
    if (aria) return norm(aria);
    const labels = el.labels ? [...el.labels] : [];
    return norm(labels.map((l) => {
      const copy = l.cloneNode(true);
      copy.querySelectorAll('input, textarea, select').forEach((c) => c.remove());
      return copy.textContent;
    }).join(' '));
  };
  return controls.find((el) => nameOf(el) === label) ?? null;
})(${JSON.stringify(label)})`;

// ---------------------------------------------------------------------------------------------
// Chromium

/**
 * Flags for headless Chromium on these machines (docs/testing.md): no sandbox as root, no network
 * chatter, and no host but 127.0.0.1 resolves, so a saved real page's third-party scripts and
 * images fail at once instead of reaching (or waiting on) another address.
 */
export const chromiumBaseArgs: readonly string[] = [
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

const chromiumArgs = (dir: string, web = false): string[] => [
  `--disable-extensions-except=${dir}`,
  `--load-extension=${dir}`,
  ...chromiumBaseArgs.filter((a) => !(web && a.startsWith('--host-resolver-rules='))),
];

interface AxNode {
  nodeId: string;
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
  childIds?: string[];
}

/** The names of the text nodes under `root` in an accessibility tree, in order. */
function axTexts(nodes: readonly AxNode[], root: AxNode): string[] {
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const out: string[] = [];
  const visit = (n: AxNode): void => {
    if (n.role?.value === 'StaticText' && n.name?.value) out.push(n.name.value);
    for (const id of n.childIds ?? []) {
      const child = byId.get(id);
      if (child) visit(child);
    }
  };
  visit(root);
  return out;
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
}

class ChromiumTab implements Tab {
  readonly kind = 'chromium' as const;
  #cdp: CDPSession | undefined;
  constructor(readonly page: PwPage) {}

  url(): string {
    return this.page.url();
  }
  async goto(url: string, options: GotoOptions = {}): Promise<void> {
    await this.page.goto(url, { waitUntil: options.until === 'dcl' ? 'domcontentloaded' : 'load' });
  }
  async evaluate<T>(expression: string): Promise<T> {
    return (await this.page.evaluate(expression)) as T;
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  async setFiles(label: string, file: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).setInputFiles(file, { timeout: 15_000 });
  }
  async setChecked(label: string, checked: boolean): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).setChecked(checked, { timeout: 15_000 });
  }
  async fill(label: string, text: string): Promise<void> {
    const field = this.page.getByLabel(label, { exact: true });
    await field.click({ timeout: 15_000 });
    await field.press('ControlOrMeta+a');
    await field.press('Backspace');
    await field.pressSequentially(text);
  }
  async fieldValue(label: string): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue({ timeout: 15_000 });
  }
  async click(name: string, roles: readonly ('button' | 'link' | 'checkbox')[] = ['button', 'link']): Promise<void> {
    const [first, ...rest] = roles.map((role) => this.page.getByRole(role, { name, exact: true }));
    const any = rest.reduce((acc, loc) => acc.or(loc), first);
    await any.first().click({ timeout: 15_000 });
  }
  async statusTexts(): Promise<string[]> {
    return this.evaluate<string[]>(statusTextsScript);
  }
  async mouseMove(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }
  async press(key: 'Escape' | 'Tab' | 'Enter'): Promise<void> {
    await this.page.keyboard.press(key);
  }
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
  async close(): Promise<void> {
    await this.#cdp?.detach().catch(() => undefined);
    await this.page.close();
  }

  async cdp(): Promise<CDPSession> {
    this.#cdp ??= await this.page.context().newCDPSession(this.page);
    return this.#cdp;
  }

  async readCard(): Promise<Card | null> {
    const cdp = await this.cdp();
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as unknown as { root: DomNode };
    const html = root.children?.find((n) => n.nodeName === 'HTML');
    const shadowRoots = (html?.children ?? []).filter((n) => n.nodeName !== 'HEAD' && n.nodeName !== 'BODY').flatMap((n) => n.shadowRoots ?? []);
    for (const shadow of shadowRoots) {
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
      if (!object.objectId) continue;
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: readCardInRootFunction,
        arguments: [{ objectId: object.objectId }],
        returnByValue: true,
      });
      await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => undefined);
      const dom = result.value as CardDom | null;
      if (!dom) continue;
      const dialog = findDomNode(shadow, (n) => attr(n, 'role') === 'dialog');
      const { nodes } = (await cdp.send('Accessibility.getFullAXTree', {})) as unknown as { nodes: AxNode[] };
      const ax = nodes.find((n) => !n.ignored && n.role?.value === 'dialog' && (dialog ? n.backendDOMNodeId === dialog.backendNodeId : true));
      return { ...dom, accessibleName: (ax?.name?.value ?? '').replace(/\s+/g, ' ').trim(), accessibleTexts: ax ? axTexts(nodes, ax) : [] };
    }
    return null;
  }

  /** CDP `ServiceWorker.stopAllWorkers`, then waits until every version reports `stopped`. */
  async stopAllServiceWorkers(scriptPrefix: string): Promise<void> {
    const cdp = await this.cdp();
    const running = new Map<string, string>();
    // Versions seen stopped since the stop was asked: a page that is waiting on the worker may
    // wake it again at once, so its state can be `running` again by the time anyone looks.
    const stopped = new Set<string>();
    let asked = false;
    const onVersions = (event: { versions: { versionId: string; scriptURL: string; runningStatus: string }[] }): void => {
      for (const v of event.versions) {
        if (!v.scriptURL.startsWith(scriptPrefix)) continue;
        running.set(v.versionId, v.runningStatus);
        if (asked && v.runningStatus === 'stopped') stopped.add(v.versionId);
      }
    };
    cdp.on('ServiceWorker.workerVersionUpdated', onVersions);
    try {
      await cdp.send('ServiceWorker.enable');
      await waitFor(async () => running.size > 0, { timeout: 10_000, message: 'the extension service worker to be reported over CDP' });
      asked = true;
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitFor(async () => [...running.keys()].every((v) => stopped.has(v)), {
        timeout: 15_000,
        message: () => `the service worker to stop (states: ${[...running.values()].join(', ')})`,
      });
    } finally {
      cdp.off('ServiceWorker.workerVersionUpdated', onVersions);
      await cdp.send('ServiceWorker.disable').catch(() => undefined);
    }
  }
}

function attr(node: DomNode, name: string): string | undefined {
  const a = node.attributes ?? [];
  for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
}

function findDomNode(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const found = findDomNode(child, test);
    if (found) return found;
  }
  return undefined;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<ExtBrowser> {
  const dir = options.extensionDir ?? distChrome;
  requireFile(chromiumPath(), 'Chromium');
  requireFile(join(dir, 'manifest.json'), 'the built Chrome extension (npm run build)');
  const profile = await mkdtemp(join(tmpdir(), 'backstory-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: options.headless ?? true,
      args: chromiumArgs(dir, options.web),
      ignoreDefaultArgs: options.backForwardCache ? ['--disable-back-forward-cache'] : undefined,
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  try {
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 30_000 }));
    const id = new URL(worker.url()).host;
    const base = `chrome-extension://${id}/`;
    // The persistent context opens one blank tab; keep it so closing the last test tab never ends the browser.
    const keeper = context.pages()[0] ?? (await context.newPage());
    const b: ExtBrowser = {
      kind: 'chromium',
      extensionBase: base,
      async newTab(url, options) {
        const tab = new ChromiumTab(await context.newPage());
        await tab.goto(url, options);
        return tab;
      },
      async openExtensionPage(page) {
        const tab = new ChromiumTab(await context.newPage());
        await tab.page.goto(base + page, { waitUntil: 'domcontentloaded' });
        return tab;
      },
      async stopBackground() {
        const tab = new ChromiumTab(keeper);
        await tab.stopAllServiceWorkers(base);
        return 'stopped with CDP ServiceWorker.stopAllWorkers';
      },
      closed: () => new Promise<void>((resolve) => context.once('close', () => resolve())),
      async close() {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      },
    };
    return b;
  } catch (error) {
    await context.close().catch(() => undefined);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox

/** The raw WebDriver BiDi connection under puppeteer's Firefox browser. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface BidiRemoteValue {
  type: string;
  sharedId?: string;
  value?: unknown;
}

interface BidiEvaluateResult {
  type: 'success' | 'exception';
  result?: BidiRemoteValue;
  exceptionDetails?: { text?: string };
}

function bidi(browser: PpBrowser): BidiConnection {
  // puppeteer's BiDi Browser exposes its connection; it is how raw BiDi commands are sent.
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection || typeof connection.send !== 'function') throw new Error('puppeteer Firefox browser has no BiDi connection');
  return connection;
}

function contextId(page: PpPage): string {
  // puppeteer's Frame `_id` is the BiDi browsing context id.
  return (page.mainFrame() as unknown as { _id: string })._id;
}

class FirefoxTab implements Tab {
  readonly kind = 'firefox' as const;
  constructor(
    readonly page: PpPage,
    private readonly browser: PpBrowser,
  ) {}

  url(): string {
    return this.page.url();
  }
  async goto(url: string, options: GotoOptions = {}): Promise<void> {
    try {
      await this.page.goto(url, { waitUntil: options.until === 'dcl' ? 'domcontentloaded' : 'load' });
    } catch (error) {
      // Firefox's BiDi fails the whole navigation with "Address rejected" when a subresource
      // or subframe is refused (launchFirefox sends every host but loopback to a closed proxy
      // port), before the tab even shows the page's URL: the page itself loads, so wait for it
      // to be there and parsed.
      if (!String(error).includes('Address rejected')) throw error;
      const parsed = async (): Promise<boolean> => {
        const [href, state] = await this.evaluate<[string, string]>('[location.href, document.readyState]').catch(() => ['', '']);
        return href === url && state !== 'loading';
      };
      await waitFor(parsed, { message: `${url} to be parsed` });
    }
  }
  async evaluate<T>(expression: string): Promise<T> {
    return (await this.page.evaluate(expression)) as T;
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  private async byLabel(label: string): Promise<ElementHandle<Element>> {
    return waitFor(
      async () => {
        const handle = await this.page.evaluateHandle(findByLabelScript(label));
        const element = handle.asElement() as ElementHandle<Element> | null;
        if (!element) await handle.dispose();
        return element;
      },
      { timeout: 15_000, message: `a control labelled "${label}"` },
    );
  }
  async setFiles(label: string, file: string): Promise<void> {
    const input = (await this.byLabel(label)) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
  }
  async setChecked(label: string, checked: boolean): Promise<void> {
    const box = await this.byLabel(label);
    const now = await this.page.evaluate((el) => (el as HTMLInputElement).checked, box);
    if (now !== checked) await box.click();
  }
  async fill(label: string, text: string): Promise<void> {
    const field = await this.byLabel(label);
    await field.click();
    await this.page.keyboard.down('Control');
    await this.page.keyboard.press('a');
    await this.page.keyboard.up('Control');
    await this.page.keyboard.press('Backspace');
    await this.page.keyboard.type(text);
  }
  async fieldValue(label: string): Promise<string> {
    const field = await this.byLabel(label);
    return this.page.evaluate((el) => (el as HTMLInputElement).value, field);
  }
  async click(name: string, roles: readonly ('button' | 'link' | 'checkbox')[] = ['button', 'link']): Promise<void> {
    const quoted = JSON.stringify(name);
    const element = await waitFor(
      async () => {
        for (const role of roles) {
          const found = await this.page.$(`::-p-aria([name=${quoted}][role="${role}"])`);
          if (found) return found;
        }
        return null;
      },
      { timeout: 15_000, message: `a ${roles.join(' or ')} named "${name}"` },
    );
    await element.click();
  }
  async statusTexts(): Promise<string[]> {
    return this.evaluate<string[]>(statusTextsScript);
  }
  async mouseMove(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y);
  }
  async press(key: 'Escape' | 'Tab' | 'Enter'): Promise<void> {
    await this.page.keyboard.press(key);
  }
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
  async close(): Promise<void> {
    await this.page.close();
  }

  async readCard(): Promise<Card | null> {
    const connection = bidi(this.browser);
    const context = contextId(this.page);
    // `includeShadowTree: "all"` is WebDriver BiDi's standard way to serialize closed shadow roots.
    const hosts = (await connection.send('script.evaluate', {
      expression: '[...document.documentElement.children].filter((e) => e !== document.head && e !== document.body)',
      target: { context },
      awaitPromise: false,
      resultOwnership: 'none',
      serializationOptions: { maxObjectDepth: 1, maxDomDepth: 0, includeShadowTree: 'all' },
    })).result as BidiEvaluateResult;
    const items = (hosts.result?.value as BidiRemoteValue[] | undefined) ?? [];
    for (const host of items) {
      const shadow = (host.value as { shadowRoot?: BidiRemoteValue | null } | undefined)?.shadowRoot;
      if (!shadow?.sharedId) continue;
      const read = (await connection.send('script.callFunction', {
        functionDeclaration: readCardInRootFunction,
        target: { context },
        awaitPromise: false,
        arguments: [{ sharedId: shadow.sharedId }],
        resultOwnership: 'none',
      })).result as BidiEvaluateResult;
      if (read.type !== 'success') throw new Error(`reading the card failed: ${read.exceptionDetails?.text ?? 'exception'}`);
      const dom = deserialize(read.result) as CardDom | null;
      if (!dom) continue;
      // Firefox's accessibility engine confirms the name: an accessibility locator started at the
      // closed root finds the dialog by role and exact name.
      let accessibleName = '';
      if (dom.domName) {
        const located = (await connection.send('browsingContext.locateNodes', {
          context,
          locator: { type: 'accessibility', value: { role: 'dialog', name: dom.domName } },
          startNodes: [{ sharedId: shadow.sharedId }],
        })).result as { nodes: unknown[] };
        if (located.nodes.length > 0) accessibleName = dom.domName;
      }
      return { ...dom, accessibleName };
    }
    return null;
  }

  /** Evaluates privileged (chrome-scope) JavaScript in the browser window; needs --remote-allow-system-access. */
  static async chromeEval<T>(browser: PpBrowser, expression: string): Promise<T> {
    const connection = bidi(browser);
    const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: { context: string }[] };
    const top = tree.contexts[0];
    if (!top) throw new Error('no chrome browsing context');
    const res = (await connection.send('script.evaluate', { expression, target: { context: top.context }, awaitPromise: true, resultOwnership: 'none' })).result as BidiEvaluateResult;
    if (res.type !== 'success') throw new Error(`chrome-scope evaluation failed: ${res.exceptionDetails?.text ?? 'exception'}`);
    return deserialize(res.result) as T;
  }
}

/** Turns a BiDi remote value (primitives, arrays, plain objects) into a JSON value. */
function deserialize(value: BidiRemoteValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'string':
    case 'boolean':
      return value.value;
    case 'number':
      return typeof value.value === 'number' ? value.value : Number(value.value);
    case 'array':
      return ((value.value as BidiRemoteValue[] | undefined) ?? []).map(deserialize);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of (value.value as [string | BidiRemoteValue, BidiRemoteValue][] | undefined) ?? []) {
        out[typeof k === 'string' ? k : String(deserialize(k))] = deserialize(v);
      }
      return out;
    }
    default:
      return { type: value.type };
  }
}

/** The add-on's background state as Firefox's parent process sees it (`running`, `stopped`, …). */
function backgroundStateExpression(id: string): string {
  return `(() => {
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(id)});
    return ext ? String(ext.backgroundState) : 'not installed';
  })()`;
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<ExtBrowser> {
  const dir = options.extensionDir ?? distFirefox;
  requireFile(firefoxPath(), 'Firefox ESR');
  requireFile(join(dir, 'manifest.json'), 'the built Firefox extension (npm run build)');
  const prefs: Record<string, unknown> = {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: firefoxExtensionUuid }),
    // Keep Firefox off the network: this machine reaches nothing but loopback.
    'app.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Every host but loopback goes through a proxy that is not there (port 9, discard): a saved
    // real page's third-party scripts and images fail at once instead of reaching another address.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': 9,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': 9,
    'network.proxy.no_proxies_on': '127.0.0.1, localhost',
    'network.proxy.allow_hijacking_localhost': false,
  };
  if (options.backgroundIdleTimeoutMs !== undefined) prefs['extensions.background.idle.timeout'] = options.backgroundIdleTimeoutMs;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: options.headless ?? true,
    // Needed to open moz-extension:// pages over BiDi and to read the background state.
    args: ['--remote-allow-system-access', '--width=1280', '--height=900'],
    extraPrefsFirefox: prefs,
    defaultViewport: { width: 1280, height: 900 },
  });
  const pid = browser.process()?.pid;
  if (pid) registerBrowserPid(pid);
  try {
    await browser.installExtension(dir);
    const base = `moz-extension://${firefoxExtensionUuid}/`;
    const b: ExtBrowser = {
      kind: 'firefox',
      extensionBase: base,
      async newTab(url, options) {
        const tab = new FirefoxTab(await browser.newPage(), browser);
        await tab.goto(url, options);
        return tab;
      },
      async openExtensionPage(page) {
        const tab = new FirefoxTab(await browser.newPage(), browser);
        const url = base + page;
        // Over BiDi, goto to a moz-extension:// page never resolves (measured): start it and wait.
        void tab.page.goto(url).catch(() => undefined);
        // puppeteer's page.url() stays about:blank here, so ask the document itself.
        await waitFor(
          // `complete`, as a goto waits for `load`: at `interactive` a page's deferred scripts have not run yet.
          async () => (await tab.evaluate<string>(`location.href === ${JSON.stringify(url)} && document.readyState === 'complete'`)),
          { timeout: 20_000, message: `${url} to load` },
        );
        return tab;
      },
      async stopBackground() {
        const state = (): Promise<string> => FirefoxTab.chromeEval<string>(browser, backgroundStateExpression(geckoId));
        const idle = options.backgroundIdleTimeoutMs ?? 30_000;
        try {
          await waitFor(async () => (await state()) === 'stopped', { timeout: idle + 10_000, interval: 250, message: 'the background to go idle' });
          return `the event page went idle by itself (extensions.background.idle.timeout = ${idle} ms)`;
        } catch {
          const before = await state();
          await FirefoxTab.chromeEval<unknown>(browser, `ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs').ExtensionParent.GlobalManager.getExtension(${JSON.stringify(geckoId)}).terminateBackground()`);
          await waitFor(async () => (await state()) === 'stopped', { timeout: 10_000, message: 'the background to terminate' });
          return `the event page did not go idle within ${idle + 10_000} ms (state ${before}); terminated it`;
        }
      },
      closed: () => new Promise<void>((resolve) => (browser.connected ? browser.once('disconnected', () => resolve()) : resolve())),
      async close() {
        await browser.close();
        if (pid) unregisterBrowserPid(pid);
      },
    };
    return b;
  } catch (error) {
    await browser.close().catch(() => undefined);
    if (pid) unregisterBrowserPid(pid);
    throw error;
  }
}

export function launch(kind: BrowserKind, options: LaunchOptions = {}): Promise<ExtBrowser> {
  return kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

// ---------------------------------------------------------------------------------------------
// What tests and `npm start` do through the UI

/** Reads `CSS.highlights` in the page's world. */
export function readHighlights(tab: Tab): Promise<HighlightMap> {
  return tab.evaluate<HighlightMap>(readHighlightsScript);
}
