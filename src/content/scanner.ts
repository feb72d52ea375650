/**
 * Walks a container's text in flat-tree order (CONTRACT §3 rule 3) and cuts it into blocks,
 * skipping what rule 1 excludes. The walk keeps an explicit stack so it can stop at any node and
 * resume in the next time slice.
 *
 * It is one plain loop (no generator, one classification per element, siblings by
 * `nextSibling`): the first scan of a page runs in a fresh isolated world, before the JIT has
 * warmed up, where each call and each DOM property read counts (docs/page.md, "Where the time goes").
 */
import { BlockCutter, type Block } from './blocks';
import { BLOCK, CUT, INLINE, elementKind, openShadowRoot } from './flat-tree';
import type { Slicer } from './scheduler';

/** Nodes read between two looks at the clock. */
const CHECK_EVERY = 128;

/** One level of the walk: the remaining children of a node, and whether leaving it cuts. */
interface Frame {
  /** Children given as a list (a shadow root, a slot's assigned nodes), else null: siblings by `next`. */
  list: ArrayLike<Node> | null;
  i: number;
  next: Node | null;
  /** Leaving this level ends a block element: cut, and pop its container. */
  leave: boolean;
}

export interface ScanHooks extends Partial<Around> {
  /** Each open shadow root entered (to observe it). */
  onShadowRoot?: (root: ShadowRoot) => void;
  /** Each block as soon as it is cut, with its text (to send while the walk goes on; the block keeps only its key). */
  onBlock?: (block: Block, text: string) => void;
  /** The walk is about to yield the thread. */
  beforeYield?: () => void;
}

/** A walk around blocks already scanned and kept. */
export interface Around {
  /** Block elements not to walk into: they only end the block before them. */
  skip: ReadonlySet<Node>;
  /** Each element of `skip` met, with the number of blocks cut before it: where it stands among them. */
  onSkip: (node: Node, blocksBefore: number) => void;
}

/** The walk of one root, resumable: `run` goes on until done or until `due()` says the slice is used. */
class Walker {
  readonly cutter: BlockCutter;
  private readonly containers: Node[];
  private readonly stack: Frame[];

  constructor(
    root: Node,
    private readonly onShadowRoot?: (root: ShadowRoot) => void,
    onBlock?: (block: Block, text: string) => void,
    private readonly around?: Partial<Around>,
  ) {
    this.containers = [root];
    this.cutter = new BlockCutter(onBlock);
    this.stack = [{ list: [root], i: 0, next: null, leave: false }];
  }

  /** Children of `node` in the flat tree, as a new stack level. */
  private push(node: Node, leave: boolean): void {
    if (node.nodeType === Node.ELEMENT_NODE) {
      const el = node as Element;
      const root = openShadowRoot(el);
      if (root) {
        this.stack.push({ list: [root], i: 0, next: null, leave });
        return;
      }
      if (el.localName === 'slot' && typeof (el as HTMLSlotElement).assignedNodes === 'function') {
        const assigned = (el as HTMLSlotElement).assignedNodes();
        if (assigned.length > 0) {
          this.stack.push({ list: assigned, i: 0, next: null, leave });
          return;
        }
      }
    }
    this.stack.push({ list: null, i: 0, next: node.firstChild, leave });
  }

  /** Walk until done (true) or until `due()` is true at a check (false). */
  run(due: () => boolean): boolean {
    const { stack, cutter, containers } = this;
    let n = 0;
    while (stack.length > 0) {
      if (++n === CHECK_EVERY) {
        n = 0;
        if (due()) return false;
      }
      const top = stack[stack.length - 1];
      let node: Node | null;
      if (top.list) {
        node = top.i < top.list.length ? top.list[top.i++] : null;
      } else {
        node = top.next;
        if (node) top.next = node.nextSibling;
      }
      if (!node) {
        stack.pop();
        if (top.leave) {
          cutter.cut();
          if (containers.length > 1) containers.pop();
        }
        continue;
      }
      const type = node.nodeType;
      if (type === Node.TEXT_NODE) {
        cutter.add(node as Text, containers[containers.length - 1]);
      } else if (type === Node.ELEMENT_NODE) {
        const kind = elementKind(node as Element);
        if (kind === INLINE) {
          this.push(node, false);
        } else if (kind === BLOCK) {
          cutter.cut();
          if (this.around?.skip?.has(node)) {
            this.around.onSkip?.(node, cutter.size);
            continue;
          }
          // The root itself is the first element entered when it is a block element.
          if (node !== containers[0]) containers.push(node);
          this.push(node, true);
        } else if (kind === CUT) {
          cutter.cut();
        }
      } else if (type === Node.DOCUMENT_FRAGMENT_NODE) {
        const host = (node as Partial<ShadowRoot>).host;
        if (host != null) this.onShadowRoot?.(node as ShadowRoot);
        this.stack.push({ list: null, i: 0, next: node.firstChild, leave: false });
      } else if (type === Node.DOCUMENT_NODE) {
        if ((node as Document).designMode !== 'on') this.stack.push({ list: null, i: 0, next: node.firstChild, leave: false });
      }
    }
    return true;
  }

  take(): Block[] {
    return this.cutter.take();
  }
}

/** Cut `root` (a document or a block element) into blocks, synchronously. For tests and small roots. */
export function cutBlocks(root: Node, onShadowRoot?: (root: ShadowRoot) => void, around?: Around): Block[] {
  const walker = new Walker(root, onShadowRoot, undefined, around);
  walker.run(() => false);
  return walker.take();
}

/** Cut `root` into blocks in time slices. */
export async function scanBlocks(root: Node, slicer: Slicer, hooks: ScanHooks = {}): Promise<Block[]> {
  const walker = new Walker(root, hooks.onShadowRoot, hooks.onBlock, hooks);
  slicer.check();
  while (!walker.run(() => slicer.due())) {
    hooks.beforeYield?.();
    await slicer.yield();
  }
  return walker.take();
}
