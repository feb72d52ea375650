/**
 * Watches the page (and each open shadow root the scanner met) for changes that can change its
 * text. The callback only queues the changed nodes and pokes the scheduler: no work happens
 * inside it. Changes to our own card host are ignored.
 */
import { flatParent, isOwnHost, isShadowRoot } from './flat-tree';

const OPTIONS: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  // What can change which text is scanned or where it stands.
  attributeFilter: ['contenteditable', 'slot', 'name'],
};

export class PageObserver {
  private readonly observer: MutationObserver;
  private readonly observed = new WeakSet<Node>();
  /** Nodes whose container needs a rescan. */
  private queue = new Set<Node>();

  constructor(private readonly onChange: () => void) {
    this.observer = new MutationObserver((records) => {
      if (this.take(records)) this.onChange();
    });
  }

  /** Start watching a document, an open shadow root or a container's subtree (idempotent). */
  watch(root: Node): void {
    if (this.observed.has(root)) return;
    this.observed.add(root);
    this.observer.observe(root, OPTIONS);
  }

  /**
   * A change no mutation record tells of (a shadow root attached to `node`: shadow-attached.ts):
   * queue it like one.
   */
  touch(node: Node): void {
    if (isOwnHost(node)) return;
    this.queue.add(node);
    this.onChange();
  }

  /** Queue the records' targets; true when any counts. */
  private take(records: MutationRecord[]): boolean {
    let any = false;
    for (const r of records) {
      if (r.type === 'childList' && onlyOwnHost(r)) continue;
      if (isOwnHost(r.target)) continue;
      if (r.type === 'attributes') this.queue.add(attributeScope(r));
      else this.queue.add(r.target);
      any = true;
    }
    return any;
  }

  /** Take the queued nodes (and whatever the observer has not delivered yet). */
  drain(): Node[] {
    const pending = this.observer.takeRecords();
    if (pending.length > 0) this.take(pending);
    const out = [...this.queue];
    this.queue = new Set();
    return out;
  }

  get pending(): boolean {
    return this.queue.size > 0;
  }

  stop(): void {
    this.observer.disconnect();
    this.queue.clear();
  }
}

/**
 * What to rescan for a changed attribute. `contenteditable` can take the element itself out of
 * scanning: around it. `slot` on a host's child, or `name` on a `<slot>`, moves text from one
 * slot of a shadow tree to another (or out of it): the host, whose container holds both places.
 * Around the element's new place only, its old range stayed drawn and a second one was made.
 */
function attributeScope(r: MutationRecord): Node {
  const target = r.target;
  if (r.attributeName === 'slot') {
    const host = target.parentNode;
    if (host) return host;
  } else if (r.attributeName === 'name' && (target as Element).localName === 'slot') {
    const root = target.getRootNode();
    if (isShadowRoot(root)) return root.host;
  }
  return flatParent(target) ?? target;
}

/**
 * The record only adds or removes our card's host. Every DOM accessor is a binding call from the
 * isolated world and a busy page sends thousands of records: one node looked at, no arrays.
 */
function onlyOwnHost(r: MutationRecord): boolean {
  const added = r.addedNodes;
  const removed = r.removedNodes;
  if (added.length + removed.length !== 1) return false;
  return isOwnHost(added.length === 1 ? added[0] : removed[0]);
}
