/**
 * Why a request to a server failed on the wire, when the reason is ours: the manifest asks for
 * every http(s) site, but the reader can withhold a site (Chrome's "site access", Firefox's
 * optional host permissions), and then the request fails like an unreachable server. Saying
 * "cannot be reached" sent readers to check a server that was fine; this names the cause and
 * the options page's `Grant access` button (src/options/host-access.tsx), shown for that URL.
 */
import browser from '../shared/browser';

/** The reason in words when the extension's access to `url`'s site is withheld, else undefined. */
export async function withheldAccessReason(url: string): Promise<string | undefined> {
  let origin: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    origin = parsed.origin;
  } catch {
    return undefined;
  }
  const granted = await browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => true);
  return granted ? undefined : `Backstory's access to ${origin} is withheld in the browser's settings; press Grant access`;
}
