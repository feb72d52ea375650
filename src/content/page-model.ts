/**
 * The page as the content script knows it: its blocks in flat-tree order with the background's
 * raw scan of each. A rescan replaces the blocks of some containers; page-order resolution
 * (short forms, ranking) then runs over the whole list again, which is cheap.
 */
import type { EntityType } from '../core/entities/entity';
import type { RawMention, ScanResult } from '../core/matcher/types';
import type { Block } from './blocks';
import { compareWalked, flatInsideAny, flatIsDocumentOrder, flatParent } from './flat-tree';
import { WalkedOrder } from './walked-order';

export interface BlockRecord {
  block: Block;
  raw: RawMention[];
}

/** A freshly cut block with its scan, before it joins the model. */
export interface ScannedBlock {
  block: Block;
  raw: RawMention[];
}

export function makeRecord(block: Block, raw: RawMention[]): BlockRecord {
  return { block, raw };
}

function sameNodes(a: readonly Text[], b: readonly Text[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Is a container inside one of `dirty` (flat tree)? Asked of every container of the page at each
 * rescan: a page of one container per paragraph (a live blog, infinite scroll) walked each one's
 * ancestors in script, and the cost of an append grew with the page (found by a soak probe,
 * 2026-12-07). While the flat tree is the document's own (no open shadow root met) and few
 * containers changed, the DOM's own `contains` answers, natively.
 */
function insideTest(dirty: ReadonlySet<Node>): (container: Node) => boolean {
  if (!flatIsDocumentOrder() || dirty.size > 8) return (container) => flatInsideAny(container, dirty);
  const list = [...dirty];
  return (container) => {
    for (const d of list) if (d.contains(container)) return true;
    return false;
  };
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
   * newly cut blocks per container, each in flat-tree order. Blocks whose nodes left the page are
   * dropped too. A new block equal to a replaced one (same nodes, same text) keeps the old
   * record, so what is drawn for it does not change. Synchronous: the DOM cannot change under
   * the comparisons.
   */
  replace(containers: readonly Node[], scanned: readonly ScannedBlock[][]): void {
    const dirty = new Set(containers);
    const kept: BlockRecord[] = [];
    const replaced = new Map<Text, BlockRecord>();
    const whole = containers.some((c) => c.nodeType === Node.DOCUMENT_NODE);
    // Records of one container mostly stand together: the last answer is remembered, not every
    // container's (a map of every container per rescan was garbage on a churning page).
    let lastContainer: Node | null = null;
    let lastStale = false;
    const inside = insideTest(dirty);
    for (const r of this.records) {
      const { container, nodes } = r.block;
      if (container !== lastContainer) {
        lastContainer = container;
        lastStale = whole || inside(container);
      }
      if (!lastStale && nodes.every((n) => n.isConnected)) kept.push(r);
      else replaced.set(nodes[0], r);
    }
    const runs = scanned.map((run) => run.map((s) => reuse(s, replaced)));
    // Many runs (thousands of blocks changed at once): each parent's children are read once
    // (WalkedOrder); for a few, the DOM's own comparison costs less than reading them.
    const order = runs.length > 16 ? new WalkedOrder().compare : compareWalked;
    const ordered = runs
      .map((run) => run.filter((r) => r.block.nodes[0].isConnected))
      .filter((run) => run.length > 0)
      .sort((a, b) => order(a[0].block.nodes[0], b[0].block.nodes[0]));
    const out: BlockRecord[] = [];
    let i = 0;
    for (const run of ordered) {
      const at = insertionIndex(kept, run[0].block.nodes[0], i, order);
      while (i < at) out.push(kept[i++]);
      out.push(...run);
    }
    while (i < kept.length) out.push(kept[i++]);
    this.records = out;
  }

  /**
   * The whole document scanned around blocks scanned before (`skipped`: each with the number of
   * newly cut blocks before it, from the walk): their records stay, at their place among the
   * new blocks; every other record is replaced. A record whose block left the page, or that the
   * walk did not meet, goes.
   */
  complete(scanned: readonly ScannedBlock[], skipped: ReadonlyMap<Node, number>): void {
    const at = new Map<number, BlockRecord[]>();
    const replaced = new Map<Text, BlockRecord>();
    for (const r of this.records) {
      const position = positionOf(r.block.container, skipped);
      if (position !== undefined && r.block.nodes.every((n) => n.isConnected)) {
        const list = at.get(position);
        if (list) list.push(r);
        else at.set(position, [r]);
      } else {
        replaced.set(r.block.nodes[0], r);
      }
    }
    const out: BlockRecord[] = [];
    scanned.forEach((s, i) => {
      const before = at.get(i);
      if (before) out.push(...before);
      out.push(reuse(s, replaced));
    });
    out.push(...(at.get(scanned.length) ?? []));
    this.records = out;
  }

  /** The page's scan in document order, for `resolveMentions`. */
  scanResult(): ScanResult {
    return { blocks: this.records.map((r) => r.raw), types: this.types };
  }

  /** Every block's text key (text-key.ts), in order. */
  *keys(): Generator<string> {
    for (const r of this.records) yield r.block.key;
  }

  /** Every block text (a full rescan re-sends them all). */
  get size(): number {
    return this.records.length;
  }
}

/**
 * A new block equal to a replaced one (same nodes, same text) keeps the old record, so what is
 * drawn for it does not change.
 */
function reuse({ block, raw }: ScannedBlock, replaced: ReadonlyMap<Text, BlockRecord>): BlockRecord {
  const old = replaced.get(block.nodes[0]);
  if (old && old.block.key === block.key && sameNodes(old.block.nodes, block.nodes)) {
    old.block = block;
    old.raw = raw;
    return old;
  }
  return makeRecord(block, raw);
}

/** Where the skipped block holding `container` (or being it) stood in the walk, if it was met. */
function positionOf(container: Node, skipped: ReadonlyMap<Node, number>): number | undefined {
  for (let n: Node | null = container; n; n = flatParent(n)) {
    const position = skipped.get(n);
    if (position !== undefined) return position;
  }
  return undefined;
}

/** First index >= `from` whose block comes after `node` in the flat tree (binary search). */
function insertionIndex(records: readonly BlockRecord[], node: Node, from: number, order: (a: Node, b: Node) => number): number {
  let lo = from;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order(records[mid].block.nodes[0], node) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
