/**
 * Saves of one entity, applied one at a time in the order they were sent, with the saves that
 * arrive while one is being applied merged into the next (a later value of a field wins). The
 * popup sends every keystroke's change at once (closing it mid-typing must lose nothing), so a
 * burst of typing becomes two or three store writes instead of one per keystroke, and a popup
 * opened again right away reads the entity only after all of them (`settled`).
 */
interface Waiting<P, R> {
  patch: P;
  create: boolean;
  done: Promise<R>;
}

export class CoalescedSaves<P extends object, R> {
  /** Per id: the merged save waiting for the one being applied. */
  private readonly waiting = new Map<string, Waiting<P, R>>();
  /** Per id: settles when the last save given so far is applied. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** `merge` folds a later save into one that waits (by default its fields over the earlier's). */
  constructor(private readonly merge: (into: P, next: P) => void = (into, next) => void Object.assign(into, next)) {}

  /**
   * Saves `patch` to entity `id` with `apply` (the same function for every save of an id);
   * resolves with the answer of the write that applied it.
   */
  save(id: string, patch: P, create: boolean, apply: (id: string, patch: P, create: boolean) => Promise<R>): Promise<R> {
    const waiting = this.waiting.get(id);
    if (waiting) {
      this.merge(waiting.patch, patch);
      waiting.create ||= create;
      return waiting.done;
    }
    // `entry` is read when the write starts (a later task), by then with every save merged in.
    const done = (this.tails.get(id) ?? Promise.resolve()).then(() => {
      // From here on, new saves wait for this one in an entry of their own.
      this.waiting.delete(id);
      return apply(id, entry.patch, entry.create);
    });
    const entry: Waiting<P, R> = { patch: structuredClone(patch), create, done };
    this.waiting.set(id, entry);
    const tail = done.catch(() => undefined);
    this.tails.set(id, tail);
    void tail.then(() => {
      if (this.tails.get(id) === tail) this.tails.delete(id);
    });
    return done;
  }

  /** Resolves once every save of `id` given so far has been applied (or failed). */
  async settled(id: string): Promise<void> {
    await this.tails.get(id);
  }
}
