/**
 * The page as the content script knows it: its blocks in flat-tree order with the background's
 * raw scan of each. A rescan replaces the blocks of some containers; page-order resolution
 * (short forms, ranking) then runs over the whole list again, which is cheap.
 */
import type { EntityType } from '../core/entities/entity';
import type { RawMention, ScanResult } from '../core/matcher/types';
import type { Block } from './blocks';
import { compareFlat, flatInsideAny } from './flat-tree';

export interface BlockRecord {
  /** Unique for the life of the content script: part of a drawn mention's key. */
  id: number;
  block: Block;
  raw: RawMention[];
}

let nextId = 1;
export function makeRecord(block: Block, raw: RawMention[]): BlockRecord {
  return { id: nextId++, block, raw };
}

export class PageModel {
  /** In flat-tree order. */
  records: BlockRecord[] = [];
  /** Type of every entity id seen in a scan of this entity-list version. */
  types: Record<string, EntityType> = {};

  /** Forget everything (site switched off, entity list changed). */
  clear(): void {
    this.records = [];
    this.types = {};
  }

  /**
   * Replace the blocks inside `containers` (disjoint: none inside another) by `runs`, one run of
   * new records per container, each in flat-tree order. Blocks whose nodes left the page are
   * dropped too. Synchronous: the DOM cannot change under the comparisons.
   */
  replace(containers: readonly Node[], runs: readonly BlockRecord[][]): void {
    const dirty = new Set(containers);
    const kept: BlockRecord[] = [];
    if (!containers.some((c) => c.nodeType === Node.DOCUMENT_NODE)) {
      const inside = new Map<Node, boolean>();
      for (const r of this.records) {
        const { container, nodes } = r.block;
        let stale = inside.get(container);
        if (stale === undefined) inside.set(container, (stale = flatInsideAny(container, dirty)));
        if (!stale && nodes.every((n) => n.isConnected)) kept.push(r);
      }
    }
    const ordered = runs
      .map((run) => run.filter((r) => r.block.nodes[0].isConnected))
      .filter((run) => run.length > 0)
      .sort((a, b) => compareFlat(a[0].block.nodes[0], b[0].block.nodes[0]));
    const out: BlockRecord[] = [];
    let i = 0;
    for (const run of ordered) {
      const at = insertionIndex(kept, run[0].block.nodes[0], i);
      while (i < at) out.push(kept[i++]);
      out.push(...run);
    }
    while (i < kept.length) out.push(kept[i++]);
    this.records = out;
  }

  /** The page's scan in document order, for `resolveMentions`. */
  scanResult(): ScanResult {
    return { blocks: this.records.map((r) => r.raw), types: this.types };
  }

  /** Every block text (a full rescan re-sends them all). */
  get size(): number {
    return this.records.length;
  }
}

/** First index >= `from` whose block comes after `node` in the flat tree (binary search). */
function insertionIndex(records: readonly BlockRecord[], node: Node, from: number): number {
  let lo = from;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareFlat(records[mid].block.nodes[0], node) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
