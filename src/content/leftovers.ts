/**
 * What an earlier instance of the content script may have left in the page (an extension update
 * or reload; docs/page.md "Lifecycle"): its highlights and its card host. A new instance removes
 * them before drawing, since an instance whose world the browser destroyed cannot clean up.
 */
import { ENTITY_TYPES } from '../core/entities/entity';
import { isCardHost } from './card';
import { HIGHLIGHT_PREFIX, highlightName } from './highlight-style';

/**
 * Remove `backstory-` highlights left by an earlier instance of the content script. Our own names
 * are deleted by name first: in Firefox, after an extension reload, the old instance's
 * `Highlight`s belong to a world that is gone, and `CSS.highlights.forEach` throws "Permission
 * denied to access object" on them (iterating the keys is not allowed from a content script
 * either), which stopped the new instance before it drew (found by a probe, 2026-12-07).
 */
export function removeForeignHighlights(): void {
  for (const type of ENTITY_TYPES) CSS.highlights.delete(highlightName(type));
  const stale: string[] = [];
  try {
    CSS.highlights.forEach((_hl, name) => {
      if (name.startsWith(HIGHLIGHT_PREFIX)) stale.push(name);
    });
  } catch {
    // Entries of a world that is gone: ours are deleted above.
  }
  for (const name of stale) CSS.highlights.delete(name);
}

/** Remove card hosts left by an earlier instance of the content script. */
export function removeForeignHosts(doc: Document): void {
  for (const el of Array.from(doc.documentElement?.children ?? [])) {
    if (isCardHost(el)) el.remove();
  }
}
