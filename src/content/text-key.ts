/**
 * A short stand-in for a block's text, kept where the text itself was: the page model compares
 * it to tell a rescanned block unchanged, and the answer cache (matching.ts) is keyed by it. The
 * texts are what the background needs, and only until they are sent: kept for the page's life,
 * they were the largest thing the content script held (wikipedia-2 of the corpus: 1,760 blocks,
 * about 0.4 MB of joined text, against a 2 MB budget for the whole tab; docs/page.md).
 *
 * The key is the length and a 53-bit hash (cyrb53, public domain: two 32-bit multiply-xor
 * lanes mixed at the end). Two different texts of the same length share a key with probability
 * about 2^-53, so a page with 20,000 cached texts meets a false "unchanged" about once in 10^8
 * pages, and then only draws one block's mentions at stale offsets until its next change.
 */
export function textKey(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const h = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${text.length.toString(36)}:${h.toString(36)}`;
}
