/**
 * Sends block texts to the background in batches and remembers the answers by the texts' keys
 * (text-key.ts: the texts themselves are not kept), so a rescan of a container whose text did
 * not change costs no message.
 */
import type { EntityType } from '../core/entities/entity';
import type { RawMention } from '../core/matcher/types';
import type { Responses } from '../shared/protocol';
import { SharedLists } from './shared-lists';
import { textKey } from './text-key';

/** Largest batch: blocks per message. */
export const MAX_BATCH_BLOCKS = 200;
/** Largest batch: characters per message (a single longer block goes alone). */
export const MAX_BATCH_CHARS = 64 * 1024;
/**
 * A batch of this many characters or more is sent in a task of its own, after the one that made
 * it: a block of megabytes (a plain-text file shown in `<pre>`, one huge paragraph) was hashed
 * (its key) and serialized into its message in one task, 20-56 ms of ours for 3 MB (found by a
 * stress probe, 2026-12-07; docs/page.md, "One huge text node").
 */
export const SEND_APART_CHARS = 256 * 1024;
/** Remembered texts; past it the oldest answers are forgotten. */
export const CACHE_LIMIT = 20_000;

export type MatchFn = (blocks: string[]) => Promise<Responses['match']>;

export interface MatchOutcome {
  enabled: boolean;
  /** One list per key asked, in order. */
  raws: RawMention[][];
  /** Types of the ids in `raws` (and of earlier answers of the same version). */
  types: Record<string, EntityType>;
  /** True when the entity list changed since earlier answers: everything must be rescanned. */
  versionChanged: boolean;
}

/** Split `texts` into batches of at most MAX_BATCH_BLOCKS blocks and about MAX_BATCH_CHARS characters. */
export function batches(texts: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const t of texts) {
    if (current.length > 0 && (current.length >= MAX_BATCH_BLOCKS || chars + t.length > MAX_BATCH_CHARS)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(t);
    chars += t.length;
  }
  if (current.length > 0) out.push(current);
  return out;
}

export class MatchClient {
  private cache = new Map<string, RawMention[]>();
  private version: number | undefined;
  private types: Record<string, EntityType> = {};
  private readonly lists = new SharedLists();

  constructor(private readonly match: MatchFn) {}

  /** Forget every answer (the entity list changed). */
  reset(): void {
    this.cache.clear();
    this.lists.clear();
    this.version = undefined;
    this.types = {};
  }

  /**
   * Forget the answers of texts no longer on the page (a live page's replaced text would
   * otherwise stay in memory until the cache limit). `current` is the key of every block text on the page.
   */
  retain(current: Iterable<string>): void {
    const keep = new Set(current);
    for (const key of this.cache.keys()) if (!keep.has(key)) this.cache.delete(key);
  }

  /** How many texts have their answer remembered. */
  get remembered(): number {
    return this.cache.size;
  }

  /** A scan whose texts arrive while the page is still being walked (see MatchSession). */
  session(): MatchSession {
    return new MatchSession(this, this.match);
  }

  /** The raw mentions of each text: one session that asks for all of them at once. */
  async scan(texts: readonly string[]): Promise<MatchOutcome> {
    const session = this.session();
    const keys = texts.map((t) => textKey(t));
    texts.forEach((t, i) => session.add(t, keys[i]));
    return session.finish(keys);
  }

  /** @internal A session's answer (`batch` holds the keys of the texts asked). False when the site is switched off. */
  learn(batch: readonly string[], answer: Responses['match']): { enabled: boolean; versionChanged: boolean } {
    if (!answer.enabled) return { enabled: false, versionChanged: false };
    let versionChanged = false;
    if (this.version !== undefined && answer.version !== this.version) {
      versionChanged = true;
      this.cache.clear();
      this.lists.clear();
      this.types = {};
    }
    this.version = answer.version;
    this.lists.share(answer.blocks);
    // Over the limit, the oldest answers go first (a Map keeps insertion order), not all of them:
    // a page of more blocks than the limit would otherwise ask for everything at every rescan.
    let over = this.cache.size + batch.length - CACHE_LIMIT;
    if (over > 0) {
      for (const key of this.cache.keys()) {
        if (over-- <= 0) break;
        this.cache.delete(key);
      }
    }
    batch.forEach((t, i) => this.cache.set(t, answer.blocks[i] ?? []));
    Object.assign(this.types, answer.types);
    return { enabled: true, versionChanged };
  }

  /** @internal */
  known(key: string): RawMention[] | undefined {
    return this.cache.get(key);
  }

  /** @internal Nothing answered yet (the site's state is unknown). */
  get fresh(): boolean {
    return this.version === undefined;
  }

  /** @internal */
  get knownTypes(): Record<string, EntityType> {
    return this.types;
  }
}

/**
 * One scan in flight: texts are added as the walk finds them and sent when a batch is full, or
 * when the walk yields while no batch is awaiting its answer (`flush`), so the background matches
 * the start of the page while the rest is walked, without one message per slice (each message
 * costs a task in the page and in the background, and on a busy machine a scheduling delay);
 * `finish` sends the rest and waits for every answer. Answers, asked or already known, are kept
 * by key in the session too, so a cache overflow during the session loses nothing. A text is
 * held only until its batch is sent.
 */
export class MatchSession {
  private pending: string[] = [];
  private pendingKeys: string[] = [];
  private chars = 0;
  private readonly asked = new Set<string>();
  private readonly got = new Map<string, RawMention[]>();
  private readonly answers: Promise<void>[] = [];
  private inFlight = 0;
  private enabled = true;
  private versionChanged = false;
  private failure: { error: unknown } | null = null;

  constructor(private readonly client: MatchClient, private readonly match: MatchFn) {}

  /**
   * Asks for `text` (unless its answer is known or asked); `key` is its textKey. A known answer
   * is kept in the session at once: a later batch of this session may push it out of the
   * client's cache before `finish` reads it (a page of more blocks than CACHE_LIMIT lost every
   * highlight that way at its next change).
   */
  add(text: string, key: string = textKey(text)): void {
    if (this.asked.has(key)) return;
    const known = this.client.known(key);
    if (known !== undefined) {
      this.got.set(key, known);
      return;
    }
    this.asked.add(key);
    if (this.pending.length > 0 && (this.pending.length >= MAX_BATCH_BLOCKS || this.chars + text.length > MAX_BATCH_CHARS)) this.sendNowOrApart();
    this.pending.push(text);
    this.pendingKeys.push(key);
    this.chars += text.length;
  }

  /** The walk is about to yield: send what is pending, unless the background is still busy with a batch. */
  flush(): void {
    if (this.inFlight === 0) this.sendNowOrApart();
  }

  /** Sends what is pending: now, or a batch of SEND_APART_CHARS or more in a task of its own. */
  private sendNowOrApart(): void {
    if (this.pending.length === 0) return;
    const apart = this.chars >= SEND_APART_CHARS;
    const batch = this.pending;
    const keys = this.pendingKeys;
    this.pending = [];
    this.pendingKeys = [];
    this.chars = 0;
    // `finish` waits for this promise, which takes on the answer's once the batch is asked.
    this.answers.push(apart ? new Promise<void>((resolve) => setTimeout(() => resolve(this.ask(batch, keys)), 0)) : this.ask(batch, keys));
  }

  private async ask(batch: string[], keys: string[]): Promise<void> {
    this.inFlight++;
    try {
      const answer = await this.match(batch);
      const learned = this.client.learn(keys, answer);
      if (!learned.enabled) this.enabled = false;
      if (learned.versionChanged) this.versionChanged = true;
      keys.forEach((k, i) => this.got.set(k, answer.blocks[i] ?? []));
    } catch (error) {
      this.failure ??= { error };
    } finally {
      this.inFlight--;
    }
  }

  /**
   * Send the rest, wait for every answer, and give the raw mentions of the texts whose keys are
   * `keys`, in order. Always asks at least once when nothing is known yet, so the caller learns
   * whether the site is enabled even on a page without text.
   */
  async finish(keys: readonly string[]): Promise<MatchOutcome> {
    if (this.answers.length === 0 && this.pending.length === 0 && this.client.fresh) this.answers.push(this.ask([], []));
    this.sendNowOrApart();
    await Promise.all(this.answers);
    if (this.failure) throw this.failure.error;
    if (!this.enabled) return { enabled: false, raws: [], types: {}, versionChanged: false };
    const types = this.client.knownTypes;
    if (this.versionChanged) return { enabled: true, raws: [], types, versionChanged: true };
    const raws = keys.map((k) => this.got.get(k) ?? this.client.known(k) ?? []);
    return { enabled: true, raws, types, versionChanged: false };
  }
}
