import { describe, expect, it } from 'vitest';
import { siteFromInput } from '../../../src/options/site-input';
import { siteName } from '../../../src/ui/site-name';

describe('siteName', () => {
  it('shows an internationalized host in Unicode, as the reader typed it', () => {
    expect(siteName('xn--bcher-kva.de')).toBe('bücher.de');
    expect(siteName('www.xn--mnchen-3ya.de')).toBe('www.münchen.de');
    expect(siteName('xn--wgv71a119e.jp')).toBe('日本語.jp');
    expect(siteName(siteFromInput('https://bücher.de/neu')!)).toBe('bücher.de');
  });

  it('leaves ASCII hosts, addresses and invalid punycode as they are', () => {
    for (const host of ['www.example.org', '127.0.0.1', 'localhost', '[::1]', 'xn--']) expect(siteName(host)).toBe(host);
  });
});
