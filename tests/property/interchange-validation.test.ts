/**
 * The hand-written check that lets most entities skip valibot must never accept what the schema
 * refuses (it may refuse what the schema accepts: those entities just take the slow path).
 */
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { EntityInputSchema, isPlainValidEntity } from '../../src/core/entities/schema';

const anyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const text = fc.oneof(fc.string(), fc.constantFrom('', ' ', '_x', 'x'));
const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: anyValue });
const link = fc.oneof(fc.record({ url: field(text), title: field(fc.option(text, { nil: undefined })) }, { requiredKeys: [] }), anyValue);

const rawEntity = fc.oneof(
  fc.record(
    {
      id: field(text),
      name: field(text),
      aliases: field(fc.array(text, { maxLength: 3 })),
      type: field(fc.constantFrom('person', 'Place', ' org ', '', 'company', 'other')),
      summary: field(text),
      notes: field(text),
      tags: field(fc.array(text, { maxLength: 3 })),
      links: field(fc.array(link, { maxLength: 3 })),
      updatedAt: field(fc.constantFrom('2025-05-06T00:00:00Z', '2025-05-06', '', '2025-02-30', 'yesterday', '2025-05-06T24:00:00Z')),
      guard: field(fc.boolean()),
      conflict: field(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
  anyValue,
);

describe('isPlainValidEntity', () => {
  it('accepts only entities the schema accepts', () => {
    fc.assert(
      fc.property(rawEntity, (raw) => {
        if (isPlainValidEntity(raw)) expect(v.safeParse(EntityInputSchema, raw).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts the common shape of a valid entity', () => {
    expect(isPlainValidEntity({ id: 'a', name: 'A', aliases: ['b'], type: 'place', links: [{ title: 't', url: 'u' }], updatedAt: '2025-05-06' })).toBe(true);
  });
});
