/**
 * One array per distinct id list in the answers the content script keeps. An answer arrives as
 * a message, and messages are copied (JSON in Chrome, structured clone in Firefox), so every
 * mention held its own `full` and `short` arrays and its own copy of each id string, even when a
 * page names one country three thousand times; those arrays and strings were about a fifth of the
 * content script's heap per highlight (docs/page.md, "Content-script heap per highlight"). No
 * list is changed after it arrives (resolve.ts builds a new one when it reorders), so mentions
 * naming the same entities can share one, and blocks naming none one empty list.
 */
import type { RawMention } from '../core/matcher/types';

/** Past this many distinct lists the pool starts over (lists already shared stay shared). */
const POOL_LIMIT = 20_000;

const NONE: string[] = [];
const NO_MENTIONS: RawMention[] = [];

export class SharedLists {
  private readonly pool = new Map<string, string[]>();

  /**
   * Point every mention of `blocks` at the pool's copy of its lists (adding those not there yet),
   * and every block without a mention (most of a page's) at one empty list.
   */
  share(blocks: RawMention[][]): void {
    for (let b = 0; b < blocks.length; b++) {
      const list = blocks[b];
      if (list.length === 0) {
        blocks[b] = NO_MENTIONS;
        continue;
      }
      for (const m of list) {
        m.full = this.one(m.full);
        m.short = this.one(m.short);
      }
    }
  }

  private one(ids: string[]): string[] {
    if (ids.length === 0) return NONE;
    const key = ids.length === 1 ? ids[0] : ids.join('\u0000');
    const known = this.pool.get(key);
    // An id may itself hold a NUL, so two lists can have one key: the pool's copy is used only
    // when it holds the same ids.
    if (known) return sameIds(known, ids) ? known : ids;
    if (this.pool.size >= POOL_LIMIT) this.pool.clear();
    this.pool.set(key, ids);
    return ids;
  }

  clear(): void {
    this.pool.clear();
  }

  get size(): number {
    return this.pool.size;
  }
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
