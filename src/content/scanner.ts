/**
 * Walks a container's text in flat-tree order (CONTRACT §3 rule 3) and cuts it into blocks,
 * skipping what rule 1 excludes. The walk is an explicit-stack generator so it can stop at any
 * node and resume in the next time slice.
 */
import { BlockCutter, type Block } from './blocks';
import {
  flatChildren, isBlockElement, isBreakElement, isElement, isExcluded, isShadowRoot, isText,
} from './flat-tree';
import type { Slicer } from './scheduler';

/** A cut that does not change the container (br, img, form controls, svg...). */
export const BREAK = 0;
/** The end of the block element most recently entered. */
export const LEAVE = 1;

/** Text to join; a block element entered; an open shadow root entered; a cut; a block element left. */
export type WalkEvent = Text | Element | ShadowRoot | typeof BREAK | typeof LEAVE;

interface Frame {
  list: ArrayLike<Node>;
  i: number;
  end: typeof LEAVE | null;
}

/** The walk events of `root` and everything it renders, in flat-tree order. */
export function* walkFlat(root: Node): Generator<WalkEvent, void, undefined> {
  const stack: Frame[] = [{ list: [root], i: 0, end: null }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.i >= top.list.length) {
      stack.pop();
      if (top.end !== null) yield top.end;
      continue;
    }
    const node = top.list[top.i++];
    if (isText(node)) {
      yield node;
    } else if (isElement(node)) {
      const block = isBlockElement(node);
      if (isExcluded(node)) {
        if (block || isBreakElement(node)) yield BREAK;
      } else if (isBreakElement(node)) {
        yield BREAK; // its children are fallback content, not rendered text
      } else if (block) {
        yield node;
        stack.push({ list: flatChildren(node), i: 0, end: LEAVE });
      } else {
        stack.push({ list: flatChildren(node), i: 0, end: null });
      }
    } else if (isShadowRoot(node)) {
      yield node;
      stack.push({ list: node.childNodes, i: 0, end: null });
    } else if (node.nodeType === Node.DOCUMENT_NODE) {
      if ((node as Document).designMode !== 'on') stack.push({ list: node.childNodes, i: 0, end: null });
    } else if (node.nodeType === Node.DOCUMENT_FRAGMENT_NODE) {
      stack.push({ list: node.childNodes, i: 0, end: null });
    }
  }
}

/** Cut `root` (a document or a block element) into blocks, synchronously. For tests and small roots. */
export function cutBlocks(root: Node, onShadowRoot?: (root: ShadowRoot) => void): Block[] {
  const state = new CutState(root);
  for (const ev of walkFlat(root)) state.feed(ev, onShadowRoot);
  return state.cutter.take();
}

export interface ScanHooks {
  /** Each open shadow root entered (to observe it). */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** Each block as soon as it is cut (to send its text while the walk goes on). */
  onBlock?: (block: Block) => void;
  /** The walk is about to yield the thread. */
  beforeYield?: () => void;
}

/** Cut `root` into blocks in time slices. */
export async function scanBlocks(root: Node, slicer: Slicer, hooks: ScanHooks = {}): Promise<Block[]> {
  const state = new CutState(root, hooks.onBlock);
  const walk = walkFlat(root);
  for (let n = 0; ; n++) {
    if ((n & 127) === 0) {
      if (slicer.due()) {
        hooks.beforeYield?.();
        await slicer.yield();
      } else {
        slicer.check();
      }
    }
    const r = walk.next();
    if (r.done) break;
    state.feed(r.value, hooks.onShadowRoot);
  }
  return state.cutter.take();
}

class CutState {
  readonly cutter: BlockCutter;
  private readonly containers: Node[];

  constructor(root: Node, onBlock?: (block: Block) => void) {
    this.containers = [root];
    this.cutter = new BlockCutter(onBlock);
  }

  feed(ev: WalkEvent, onShadowRoot?: (root: ShadowRoot) => void): void {
    if (ev === BREAK) {
      this.cutter.cut();
    } else if (ev === LEAVE) {
      this.cutter.cut();
      if (this.containers.length > 1) this.containers.pop();
    } else if (isText(ev)) {
      this.cutter.add(ev, this.containers[this.containers.length - 1]);
    } else if (isShadowRoot(ev)) {
      onShadowRoot?.(ev);
    } else {
      this.cutter.cut();
      // The root itself is the first element entered when it is a block element.
      if (ev !== this.containers[0]) this.containers.push(ev);
    }
  }
}
