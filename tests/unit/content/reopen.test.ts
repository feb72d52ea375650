// @vitest-environment happy-dom
/**
 * `whenDocumentReopened`: the document's own children changing (what `document.open()` does) asks
 * for our listeners again; changes below `<html>` never do, and nothing is asked after the abort.
 */
import { describe, expect, it } from 'vitest';
import { whenDocumentReopened } from '../../../src/content/reopen';

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('whenDocumentReopened', () => {
  it('relistens when the document element is replaced, not for changes inside it, and stops at the abort', async () => {
    document.body.innerHTML = '<p>Tokyo</p>';
    const abort = new AbortController();
    let calls = 0;
    whenDocumentReopened(document, () => calls++, abort.signal);

    document.body.append(document.createElement('p'));
    document.querySelector('p')!.textContent = 'Paris';
    await settle();
    expect(calls, 'changes below <html>').toBe(0);

    const html = document.createElement('html');
    html.append(document.createElement('body'));
    // What document.open() does: the old children go, new ones come (one callback for both).
    document.documentElement.remove();
    document.append(html);
    await settle();
    expect(calls).toBe(1);

    abort.abort();
    document.documentElement.remove();
    document.append(document.createElement('html'));
    await settle();
    expect(calls, 'after the abort').toBe(1);
  });
});
