import { describe, expect, it } from 'vitest';
import { batches, CACHE_LIMIT, MatchClient, MAX_BATCH_BLOCKS, MAX_BATCH_CHARS, SEND_APART_CHARS } from '../../../src/content/matching';
import type { Responses } from '../../../src/shared/protocol';
import { textKey } from '../../../src/content/text-key';

describe('match batches', () => {
  it('caps blocks and characters per message, keeping order', () => {
    const many = Array.from({ length: 450 }, (_, i) => `b${i}`);
    const out = batches(many);
    expect(out.map((b) => b.length)).toEqual([MAX_BATCH_BLOCKS, MAX_BATCH_BLOCKS, 50]);
    expect(out.flat()).toEqual(many);
    const big = ['x'.repeat(MAX_BATCH_CHARS - 10), 'y'.repeat(20), 'z'.repeat(MAX_BATCH_CHARS * 2)];
    expect(batches(big).map((b) => b.length)).toEqual([1, 1, 1]);
  });
});

describe('match client', () => {
  const answer = (blocks: string[], version = 1, enabled = true): Responses['match'] => ({
    enabled, version, types: { japan: 'place' },
    blocks: blocks.map((t) => (t.includes('Japan') ? [{ start: t.indexOf('Japan'), end: t.indexOf('Japan') + 5, full: ['japan'], short: [] }] : [])),
  });

  it('asks once to learn whether the site is on, then only for texts it has not seen', async () => {
    const asked: string[][] = [];
    const client = new MatchClient(async (blocks) => (asked.push(blocks), answer(blocks)));
    expect((await client.scan([])).enabled).toBe(true);
    const one = await client.scan(['in Japan', 'nothing']);
    expect(one.raws[0][0]).toMatchObject({ start: 3, end: 8 });
    await client.scan(['in Japan', 'more Japan']);
    expect(asked).toEqual([[], ['in Japan', 'nothing'], ['more Japan']]);
  });

  it('reports a new entity-list version so the page is rescanned', async () => {
    let version = 1;
    const client = new MatchClient(async (blocks) => answer(blocks, version));
    await client.scan(['a']);
    version = 2;
    expect((await client.scan(['b'])).versionChanged).toBe(true);
  });

  it('reports a switched-off site', async () => {
    const client = new MatchClient(async (blocks) => answer(blocks, 1, false));
    expect((await client.scan(['Japan'])).enabled).toBe(false);
  });
});

describe('match session', () => {
  const answer = (blocks: string[]): Responses['match'] => ({
    enabled: true, version: 1, types: {},
    blocks: blocks.map((t) => (t === 'Japan' ? [{ start: 0, end: 5, full: ['japan'], short: [] }] : [])),
  });

  it('sends at a flush while the walk goes on (unless a batch awaits its answer), and each text once', async () => {
    const asked: string[][] = [];
    let answerNow: () => void = () => undefined;
    const client = new MatchClient(async (blocks) => {
      asked.push(blocks);
      if (asked.length === 1) await new Promise<void>((resolve) => (answerNow = resolve));
      return answer(blocks);
    });
    const session = client.session();
    session.add('Japan');
    session.add('a');
    session.flush();
    expect(asked).toEqual([['Japan', 'a']]); // sent while the walk goes on
    session.add('a');
    session.add('b');
    session.flush();
    expect(asked).toEqual([['Japan', 'a']]); // the first batch is still being matched: 'b' waits
    answerNow();
    session.add('c');
    const out = await session.finish(['Japan', 'a', 'a', 'b', 'c'].map(textKey));
    expect(asked).toEqual([['Japan', 'a'], ['b', 'c']]);
    expect(out.raws.map((r) => r.length)).toEqual([1, 0, 0, 0, 0]);
    // A second session asks only for what is new.
    const again = client.session();
    again.add('Japan');
    again.add('d');
    await again.finish(['Japan', 'd'].map(textKey));
    expect(asked).toEqual([['Japan', 'a'], ['b', 'c'], ['d']]);
  });

  it('a failed batch fails the session', async () => {
    const client = new MatchClient(async () => {
      throw new Error('background restarting');
    });
    const session = client.session();
    session.add('x');
    await expect(session.finish([textKey('x')])).rejects.toThrow('background restarting');
  });
});

describe('match cache', () => {
  it('forgets texts no longer on the page, and asks for them again if they return', async () => {
    const asked: string[][] = [];
    const client = new MatchClient(async (blocks) => (asked.push(blocks), { enabled: true, version: 1, types: {}, blocks: blocks.map(() => []) }));
    await client.scan(['a', 'b']);
    client.retain([textKey('b')]);
    await client.scan(['a', 'b']);
    expect(asked).toEqual([['a', 'b'], ['a']]);
  });
});

describe('a page of more blocks than the cache holds', () => {
  it('a rescan that overflows the cache keeps the answers it found there, and the oldest go first', async () => {
    const asked: string[][] = [];
    const answer = (blocks: string[]): Responses['match'] => ({
      enabled: true, version: 1, types: { paris: 'place' },
      blocks: blocks.map((t) => (t.startsWith('Paris') ? [{ start: 0, end: 5, full: ['paris'], short: [] }] : [])),
    });
    const client = new MatchClient(async (blocks) => (asked.push(blocks), answer(blocks)));
    const page = Array.from({ length: CACHE_LIMIT }, (_, i) => (i % 4 === 0 ? `Paris ${i}` : `line ${i}`));
    await client.scan(page);
    expect(client.remembered).toBe(CACHE_LIMIT);
    // One block added: the whole page is rescanned, and the new text overflows the cache.
    const more = [...page, 'Paris, once more'];
    const again = await client.scan(more);
    expect(asked.at(-1)).toEqual(['Paris, once more']);
    expect(again.raws.filter((r) => r.length > 0)).toHaveLength(CACHE_LIMIT / 4 + 1);
    expect(again.raws[0]).toEqual([{ start: 0, end: 5, full: ['paris'], short: [] }]);
    // Only the oldest answer made room: the next rescan asks for that one alone.
    expect(client.remembered).toBe(CACHE_LIMIT);
    await client.scan(more);
    expect(asked.at(-1)).toEqual(['Paris 0']);
  });
});

describe('a block of megabytes', () => {
  it('is sent in a task after the one that made it, and finish still waits for its answer', async () => {
    const asked: number[] = [];
    const client = new MatchClient(async (blocks) => {
      asked.push(blocks.length);
      return { enabled: true, version: 1, types: {}, blocks: blocks.map((t) => (t.startsWith('Japan') ? [{ start: 0, end: 5, full: ['japan'], short: [] }] : [])) };
    });
    await client.scan([]); // the first question: is the site on?
    const huge = `Japan ${'x'.repeat(SEND_APART_CHARS)}`;
    const small = 'a short block';
    const session = client.session();
    session.add(small);
    session.add(huge);
    // Joined to the small one it would pass MAX_BATCH_CHARS: the small batch goes now, alone.
    expect(asked).toEqual([0, 1]);
    session.flush();
    expect(asked, 'not serialized in the task that hashed it').toEqual([0, 1]);
    const outcome = session.finish([textKey(small), textKey(huge)]);
    expect(asked).toEqual([0, 1]);
    const { raws } = await outcome;
    expect(asked).toEqual([0, 1, 1]);
    expect(raws).toEqual([[], [{ start: 0, end: 5, full: ['japan'], short: [] }]]);
  });
});
