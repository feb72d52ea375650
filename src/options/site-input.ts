/**
 * What a reader types to name a site for a rule: a host name (`www.example.org`) or any address
 * on it (`https://www.example.org/news/1`). Returns the host name (a site is a host name,
 * CONTRACT §4), lower-cased, or undefined when the text names none. Pure: unit-tested.
 */
export function siteFromInput(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase();
  if (host.startsWith('[')) return host; // an IPv6 literal
  // Letters, digits and hyphens in labels between single dots (after IDNA, so `münchen.de` is
  // `xn--mnchen-3ya.de`). Chromium's parser takes `*.example.org` and percent-encodes the star,
  // which made a rule no host can match (found by a probe); `.example.org` and `a..b` too.
  if (!/^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host)) return undefined;
  // A host name has a dot (or is localhost): "news" alone is most likely a typo.
  return host.includes('.') || host === 'localhost' ? host.replace(/\.$/, '') : undefined;
}
