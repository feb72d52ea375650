import { describe, expect, it } from 'vitest';
import type { RawMention } from '../../../src/core/matcher/types';
import { MatchClient } from '../../../src/content/matching';
import { SharedLists } from '../../../src/content/shared-lists';
import type { Responses } from '../../../src/shared/protocol';

const raw = (full: string[], short: string[] = []): RawMention => ({ start: 0, end: 1, full, short });

describe('shared id lists', () => {
  it('points mentions naming the same entities at one list, across answers', () => {
    const lists = new SharedLists();
    const first = [[raw(['fr']), raw(['paris-fr', 'paris-us'])], [raw(['fr'])]];
    const second = [[raw(['fr']), raw(['paris-fr', 'paris-us']), raw([], ['singh'])]];
    lists.share(first);
    lists.share(second);
    const all = [...first.flat(), ...second.flat()];
    expect(all.map((m) => m.full)).toEqual([['fr'], ['paris-fr', 'paris-us'], ['fr'], ['fr'], ['paris-fr', 'paris-us'], []]);
    expect(first[1][0].full).toBe(first[0][0].full);
    expect(second[0][0].full).toBe(first[0][0].full);
    expect(second[0][1].full).toBe(first[0][1].full);
    expect(second[0][2].short).toEqual(['singh']);
    // Empty lists are one shared empty list.
    expect(first[0][0].short).toBe(second[0][1].short);
    expect(second[0][2].full).toBe(first[0][0].short);
  });

  it('gives every block without a mention one empty list', () => {
    const lists = new SharedLists();
    const blocks: RawMention[][] = [[], [raw(['fr'])], []];
    lists.share(blocks);
    expect(blocks).toEqual([[], [raw(['fr'])], []]);
    expect(blocks[2]).toBe(blocks[0]);
  });

  it('keeps lists apart that differ only in order, and ids that hold the key separator', () => {
    const lists = new SharedLists();
    const blocks = [[raw(['a', 'b']), raw(['b', 'a']), raw(['a\u0000b']), raw(['a', 'b'])]];
    lists.share(blocks);
    expect(blocks[0].map((m) => m.full)).toEqual([['a', 'b'], ['b', 'a'], ['a\u0000b'], ['a', 'b']]);
    expect(blocks[0][3].full).toBe(blocks[0][0].full);
    expect(blocks[0][1].full).not.toBe(blocks[0][0].full);
  });

  it('starts over past its limit without changing any list', () => {
    const lists = new SharedLists();
    const blocks = [Array.from({ length: 20_005 }, (_, i) => raw([`e${i}`]))];
    lists.share(blocks);
    expect(lists.size).toBeLessThanOrEqual(20_000);
    expect(blocks[0].every((m, i) => m.full.length === 1 && m.full[0] === `e${i}`)).toBe(true);
  });

  it('is what the match client keeps, and forgotten with a new entity-list version', async () => {
    let version = 1;
    const answer = (texts: string[]): Responses['match'] => ({
      enabled: true, version, types: { japan: 'place' },
      blocks: texts.map(() => [{ start: 0, end: 5, full: ['japan'], short: [] }]),
    });
    const client = new MatchClient(async (texts) => answer(texts));
    const one = await client.scan(['Japan one', 'Japan two']);
    const two = await client.scan(['Japan three']);
    expect(one.raws[1][0].full).toBe(one.raws[0][0].full);
    expect(two.raws[0][0].full).toBe(one.raws[0][0].full);
    version = 2;
    await client.scan(['Japan four']);
    const three = await client.scan(['Japan five']);
    expect(three.raws[0][0].full).toEqual(['japan']);
    expect(three.raws[0][0].full).not.toBe(one.raws[0][0].full);
  });
});
