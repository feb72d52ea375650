/**
 * Watches the page (and each open shadow root the scanner met) for changes that can change its
 * text. The callback only queues the changed nodes and pokes the scheduler: no work happens
 * inside it. Changes to our own card host are ignored.
 */
import { flatParent, isOwnHost } from './flat-tree';

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

  /** Queue the records' targets; true when any counts. */
  private take(records: MutationRecord[]): boolean {
    let any = false;
    for (const r of records) {
      if (r.type === 'childList' && onlyOwnHost(r)) continue;
      if (isOwnHost(r.target)) continue;
      // An attribute can take the element itself out of scanning (contenteditable): rescan around it.
      this.queue.add(r.type === 'attributes' ? flatParent(r.target) ?? r.target : r.target);
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
 * The record only adds or removes our card's host. Every DOM accessor is a binding call from the
 * isolated world and a busy page sends thousands of records: one node looked at, no arrays.
 */
function onlyOwnHost(r: MutationRecord): boolean {
  const added = r.addedNodes;
  const removed = r.removedNodes;
  if (added.length + removed.length !== 1) return false;
  return isOwnHost(added.length === 1 ? added[0] : removed[0]);
}
