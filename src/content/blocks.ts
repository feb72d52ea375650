/**
 * Blocks (CONTRACT §3 rule 3): runs of text nodes joined without separator, with the offset of
 * each node in the block so a mention's [start, end) maps back to a range across nodes.
 */
import { textKey } from './text-key';

export interface Block {
  /**
   * The joined text's key (text-key.ts). The text itself goes to the background as the block is
   * cut (`BlockCutter`'s `onBlock`) and is not kept; `blockText` reads it again from the nodes.
   */
  key: string;
  /** Length of the joined text. */
  length: number;
  /** The text nodes, in flat-tree order. */
  nodes: Text[];
  /** `starts[i]` is the offset of `nodes[i]` in `text`; ascending. */
  starts: number[];
  /** Innermost block element (or document) holding the block: what a rescan replaces. */
  container: Node;
}

/** A point in the DOM: a text node and an offset in its data. */
export interface TextPoint {
  node: Text;
  offset: number;
}

/**
 * Accumulates text nodes between cuts. Blocks with no visible character are dropped (they cannot
 * hold a mention, and sending them costs messages).
 */
export class BlockCutter {
  // The block being accumulated, reused from block to block: each cut block keeps exact-size
  // copies. An array grown by `push` keeps spare room (17 slots for the first element), which
  // made these two arrays 2.5x their size: 290 kB of a big page's 1.9 MB (docs/page.md,
  // "Content-script heap (session 5)").
  private readonly nodes: Text[] = [];
  private readonly starts: number[] = [];
  private readonly parts: string[] = [];
  private length = 0;
  readonly blocks: Block[] = [];

  constructor(private readonly onBlock?: (block: Block, text: string) => void) {}

  add(node: Text, container: Node): void {
    const data = node.data;
    if (data.length === 0) return;
    if (this.nodes.length > 0 && this.container !== container) this.cut();
    this.container = container;
    this.nodes.push(node);
    this.starts.push(this.length);
    this.parts.push(data);
    this.length += data.length;
  }

  private container: Node | null = null;

  cut(): void {
    if (this.nodes.length > 0) {
      const text = this.parts.join('');
      if (/\S/.test(text) && this.container) {
        const block = { key: textKey(text), length: text.length, nodes: this.nodes.slice(), starts: this.starts.slice(), container: this.container };
        this.blocks.push(block);
        this.onBlock?.(block, text);
      }
    }
    this.nodes.length = 0;
    this.starts.length = 0;
    this.parts.length = 0;
    this.length = 0;
  }

  /** Blocks cut so far (and not taken). */
  get size(): number {
    return this.blocks.length;
  }

  /** Take the finished blocks (cutting the current one first). */
  take(): Block[] {
    this.cut();
    return this.blocks.splice(0);
  }
}

/**
 * The node holding block offset `offset`. For a start point (`end` false), the node whose text
 * contains the character at `offset`; for an end point (`end` true), the node containing the
 * character just before it, so a range never starts at the end of one node or ends at the start
 * of the next (its rectangles then hold only the mention's own characters).
 */
export function locate(block: Block, offset: number, end: boolean): TextPoint {
  const { starts, nodes } = block;
  let lo = 0;
  let hi = starts.length - 1;
  // Last i with starts[i] < offset (end) or starts[i] <= offset (start).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const s = starts[mid];
    if (end ? s < offset : s <= offset) lo = mid;
    else hi = mid - 1;
  }
  const node = nodes[lo];
  const local = Math.max(0, Math.min(offset - starts[lo], node.length));
  return { node, offset: local };
}

/** The StaticRange init of block text [start, end). */
export function rangeInit(block: Block, start: number, end: number): StaticRangeInit {
  const a = locate(block, start, false);
  const b = locate(block, end, true);
  return { startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset };
}

/** The block's text as its nodes hold it now (the text it was cut from while `blockIsCurrent`). */
export function blockText(block: Block): string {
  let text = '';
  for (const n of block.nodes) text += n.data;
  return text;
}

/** Are the block's nodes still holding the text it was cut from (as far as lengths tell)? */
export function blockIsCurrent(block: Block): boolean {
  const { nodes, starts, length } = block;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (!n.isConnected) return false;
    const end = i + 1 < starts.length ? starts[i + 1] : length;
    if (n.length !== end - starts[i]) return false;
  }
  return true;
}
