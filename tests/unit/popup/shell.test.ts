// @vitest-environment happy-dom
/**
 * The popup's first screen is in popup.html (src/popup/shell.ts): painted before the app's
 * script runs, then taken over by `<App />`. These tests build the page as scripts/build.ts does
 * and check that the takeover changes nothing on screen (only the shell's `aria-busy` goes),
 * keeps the field (its focus, text typed meanwhile) and that the shell says what CONTRACT §4
 * names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import english from '../../../src/_locales/en/messages.json';
import { popupPage } from '../../../src/popup/shell';

/**
 * The background: as the first render sees it, every question still unanswered; with
 * `emptyStore`, searches are answered as an empty store answers them.
 */
const sent: unknown[] = [];
let emptyStore = false;
vi.mock('../../../src/shared/browser', () => ({
  default: {
    runtime: {
      sendMessage: (message: { type?: string }) => {
        sent.push(message);
        return emptyStore && message.type === 'search' ? Promise.resolve({ total: 0, results: [] }) : new Promise(() => undefined);
      },
      // The background's news of entity changes (ui/entities-changed.ts): none come here.
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    },
    tabs: { query: () => new Promise(() => undefined), get: () => new Promise(() => undefined), getCurrent: () => Promise.resolve(undefined) },
    commands: { getAll: () => new Promise(() => undefined) },
  },
}));

// happy-dom lacks the standard `spellcheck` IDL attribute, whose setter writes the content
// attribute "true"/"false" (HTML § 6.8.4); browsers have it, and Preact sets the property.
if (!('spellcheck' in HTMLElement.prototype)) {
  Object.defineProperty(HTMLElement.prototype, 'spellcheck', {
    configurable: true,
    get(this: HTMLElement) { return this.getAttribute('spellcheck') !== 'false'; },
    set(this: HTMLElement, value: boolean) { this.setAttribute('spellcheck', String(value)); },
  });
}

const root = join(__dirname, '../../..');
const messages = english as Record<string, { message: string }>;
const builtPage = (): string =>
  popupPage(
    readFileSync(join(root, 'src/popup/popup.html'), 'utf8'),
    readFileSync(join(root, 'src/ui/ui.css'), 'utf8'),
    (key) => messages[key]?.message,
  );

/** The built page's body, as the browser has it when popup.js (the app) starts. */
function loadShell(): HTMLElement {
  const body = /<body>([\s\S]*)<\/body>/.exec(builtPage())?.[1] ?? '';
  document.body.innerHTML = body;
  const app = document.getElementById('app');
  if (!app) throw new Error('no #app in popup.html');
  return app;
}

const label = (text: string): Element | undefined => [...document.querySelectorAll('label')].find((l) => l.textContent === text);

describe('popup.html first screen', () => {
  beforeEach(() => {
    sent.length = 0;
    emptyStore = false;
  });
  afterEach(() => {
    const app = document.getElementById('app');
    if (app) render(null, app);
    document.body.innerHTML = '';
  });

  it('inlines the stylesheet, has only the deferred boot script and fills every message', () => {
    const page = builtPage();
    expect(page).not.toContain('href="ui.css"');
    expect(page).toContain(readFileSync(join(root, 'src/ui/ui.css'), 'utf8').trim());
    expect(page.match(/<script[^>]*>/g)).toEqual(['<script src="popup.js" defer>']);
    expect(page).not.toContain('__MSG_');
  });

  it('holds the labelled search field (focused on load) and Add entity before any script', () => {
    loadShell();
    const field = document.getElementById('search');
    expect(label('Search entities')?.getAttribute('for')).toBe('search');
    expect(field?.hasAttribute('autofocus')).toBe(true);
    expect([...document.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Add entity']);
  });

  it("is exactly <App />'s first render: the takeover reuses the nodes and only ends aria-busy", async () => {
    const app = loadShell();
    expect(app.querySelector('main')?.getAttribute('aria-busy')).toBe('true');
    const before = app.innerHTML.replace('<main aria-busy="true">', '<main>');
    const field = document.getElementById('search');
    const button = app.querySelector('button');
    const { App } = await import('../../../src/popup/App');
    render(h(App, null), app);
    expect(app.innerHTML).toBe(before);
    expect(document.getElementById('search')).toBe(field);
    expect(app.querySelector('button')).toBe(button);
    expect(app.querySelectorAll('#search')).toHaveLength(1);
  });

  it('keeps what was typed before the app ran, and searches for it', async () => {
    const app = loadShell();
    const field = document.getElementById('search') as HTMLInputElement;
    field.value = 'pahal';
    const { App } = await import('../../../src/popup/App');
    render(h(App, null), app);
    await new Promise((resolve) => setTimeout(resolve, 50)); // effects run after the render
    expect(field.value).toBe('pahal');
    expect(sent).toContainEqual(expect.objectContaining({ type: 'search', query: 'pahal', offset: 0 }));
  });

  it('shows the first-run panel only once the background says the store is empty', async () => {
    const app = loadShell();
    emptyStore = true;
    const { App } = await import('../../../src/popup/App');
    render(h(App, null), app);
    expect(app.textContent).not.toContain('Load starter pack');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([...app.querySelectorAll('button')].map((b) => b.textContent)).toContain('Load starter pack');
  });
});
