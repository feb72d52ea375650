import { describe, expect, it } from 'vitest';
import { IdAllocator, slugify, uniqueIdFor } from '../../../src/core/entities';

describe('slugify: ids made from names', () => {
  it.each([
    ['Rajnath Singh', 'rajnath-singh'],
    ['Jammu & Kashmir', 'jammu-kashmir'],
    ['Pahalgām', 'pahalgam'],
    ['Zürich', 'zurich'],
    ['Łódź', 'lodz'],
    ['Øresund Straße', 'oresund-strasse'],
    ['İstanbul', 'istanbul'],
    ['Αθήνα', 'αθηνα'],
    ['Москва́', 'москва'],
    ['राजनाथ सिंह', 'राजनाथ-सिंह'],
    ['中谷元', '中谷元'],
    ['デリー', 'デリー'],
    ['서울', '서울'],
    ['ＡＢＣ　Ltd.', 'abc-ltd'],
    ['_design', 'design'],
    ['__', 'entity'],
    ['!!!', 'entity'],
    ['  J.R.R. Tolkien  ', 'j-r-r-tolkien'],
  ])('%s → %s', (name, id) => {
    expect(slugify(name)).toBe(id);
  });

  it('keeps the marks of scripts it does not fold (so जापानी stays apart from जापान)', () => {
    expect(slugify('जापानी')).not.toBe(slugify('जापान'));
  });

  it('caps long ids and never ends them with -', () => {
    const id = slugify(`${'word '.repeat(40)}`);
    expect([...id].length).toBeLessThanOrEqual(80);
    expect(id.endsWith('-')).toBe(false);
  });

  it('never starts with _ and never is empty', () => {
    for (const name of ['_', '_a', '  ', '\u0301', '😀']) {
      const id = slugify(name);
      expect(id).not.toBe('');
      expect(id.startsWith('_')).toBe(false);
    }
  });
});

describe('ids that avoid collisions', () => {
  it('suffixes -2, -3… past taken ids', () => {
    const ids = new IdAllocator(['a', 'a-3']);
    expect([ids.allocate('a'), ids.allocate('a'), ids.allocate('b'), ids.allocate('b')]).toEqual(['a-2', 'a-4', 'b', 'b-2']);
  });

  it('makes one id for a name against a store', () => {
    expect(uniqueIdFor('Japan', new Set(['japan', 'japan-2']))).toBe('japan-3');
  });
});
