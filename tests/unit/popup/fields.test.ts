import { describe, expect, it } from 'vitest';
import { aliasesToText, linksToText, tagsToText, textToAliases, textToLinks, textToTags } from '../../../src/popup/fields';

describe('editor fields', () => {
  it('reads aliases one per line, commas included', () => {
    expect(textToAliases(' Washington, D.C. \n\nDC\n')).toEqual(['Washington, D.C.', 'DC']);
    expect(textToAliases(aliasesToText(['a', 'b, c']))).toEqual(['a', 'b, c']);
  });

  it('reads tags separated by commas', () => {
    expect(textToTags('india,  defence ,,')).toEqual(['india', 'defence']);
    expect(textToTags(tagsToText(['x', 'y']))).toEqual(['x', 'y']);
  });

  it('reads titled and bare http(s) links', () => {
    expect(textToLinks('Wikipedia <https://en.wikipedia.org/wiki/Japan>\nhttp://example.org/a')).toEqual({
      ok: true,
      links: [{ title: 'Wikipedia', url: 'https://en.wikipedia.org/wiki/Japan' }, { url: 'http://example.org/a' }],
    });
  });

  it('refuses typed links that are not web addresses, naming the line', () => {
    const result = textToLinks('https://ok.example\njavascript:alert(1)');
    expect(result).toEqual({ ok: false, error: expect.stringContaining('Line 2') });
    expect(textToLinks('Home <ftp://x.example>').ok).toBe(false);
    expect(textToLinks('www.example.org').ok).toBe(false);
  });

  it('keeps a stored link of another scheme when its line is unchanged', () => {
    const stored = [{ title: 'Book', url: 'urn:isbn:9780000000000', rel: 'cite' }];
    const text = linksToText(stored) + '\nhttps://new.example';
    expect(textToLinks(text, stored)).toEqual({ ok: true, links: [stored[0], { url: 'https://new.example' }] });
  });
});
