import { describe, expect, it } from 'vitest';
import { siteFromInput } from '../../../src/options/site-input';

describe('a site typed on the options page', () => {
  it('is the host name of what was typed, a bare name or an address on it', () => {
    expect(siteFromInput('www.Example.org')).toBe('www.example.org');
    expect(siteFromInput('  https://news.example.co.uk/world/2025?x=1 ')).toBe('news.example.co.uk');
    expect(siteFromInput('http://127.0.0.1:8080/demo/')).toBe('127.0.0.1');
    expect(siteFromInput('localhost')).toBe('localhost');
    expect(siteFromInput('bücher.de')).toBe('xn--bcher-kva.de'); // as the browser names the host
  });

  it('names no site for empty text, a word, or another kind of address', () => {
    for (const text of ['', '   ', 'news', 'ftp://example.org/', 'javascript:alert(1)', 'http://']) expect(siteFromInput(text)).toBeUndefined();
  });

  it('names no site for wildcards or empty labels, which no host can match (Chromium took `*` and encoded it)', () => {
    for (const text of ['*.example.org', 'example.*', 'https://*.localhost/', '.example.org', 'example..org', '%2a.example.org', '-news.example.org']) {
      expect(siteFromInput(text), text).toBeUndefined();
    }
    expect(siteFromInput('my_host.example.org')).toBe('my_host.example.org');
    expect(siteFromInput('example.org.')).toBe('example.org');
  });
});
