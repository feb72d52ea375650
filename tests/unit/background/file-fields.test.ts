/**
 * CONTRACT §2: "Unknown fields, on the file and on each entity, are kept on a round trip, not
 * dropped": a file imported through the handlers (as the options page does) and exported again
 * keeps its own unknown top-level fields, not only its entities' ones.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Background } from '../../../src/background/app';
import { handlers } from '../../../src/background/handlers';
import type { BackstoryDb } from '../../../src/shared/db';
import { exportedText, testBackground } from '../../support/background';

let db: BackstoryDb;
let bg: Background;
let uploads = 0;
beforeEach(async () => {
  ({ db, bg } = await testBackground());
});

async function importFile(file: unknown, replace = false): Promise<unknown> {
  const id = `u${++uploads}`;
  await db.uploads.put({ id, name: 'list.json', data: JSON.stringify(file), createdAt: 0 });
  return handlers.importUpload({ uploadId: id, replace }, bg);
}
async function exported(): Promise<Record<string, unknown>> {
  return JSON.parse((await exportedText(bg, 'json')).text) as Record<string, unknown>;
}
const head = (file: Record<string, unknown>): Record<string, unknown> => {
  const { entities: _, ...rest } = file;
  return rest;
};

describe('the file’s own unknown fields', () => {
  it('come back on export, and the entities’ ones too', async () => {
    const file = {
      format: 'backstory.entities', version: 1, publisher: 'Newsroom', generator: { name: 'x', v: 2 },
      entities: [{ id: 'acme', name: 'Acme Corp', type: 'org', wikidata: 'Q42', updatedAt: '2025-05-06T00:00:00Z' }],
    };
    expect(await importFile(file)).toEqual({ ok: true, count: 1 });
    const out = await exported();
    expect(head(out)).toEqual({ format: 'backstory.entities', version: 1, publisher: 'Newsroom', generator: { name: 'x', v: 2 } });
    expect((out.entities as Record<string, unknown>[])[0]).toMatchObject({ id: 'acme', wikidata: 'Q42' });
  });

  it('merge field by field across imports; Replace takes the new file’s; a refused file changes nothing', async () => {
    await importFile({ format: 'backstory.entities', version: 1, publisher: 'A', edition: 1, entities: [{ name: 'One' }] });
    await importFile({ format: 'backstory.entities', version: 1, edition: 2, entities: [{ name: 'Two' }] });
    expect(head(await exported())).toEqual({ format: 'backstory.entities', version: 1, publisher: 'A', edition: 2 });
    // A bare array has no file fields: nothing is lost by importing one.
    await importFile([{ name: 'Three' }]);
    expect(head(await exported())).toEqual({ format: 'backstory.entities', version: 1, publisher: 'A', edition: 2 });
    expect(await importFile({ format: 'backstory.entities', version: 1, publisher: 'B', entities: [{ name: 'Bad', type: 'planet' }] })).toMatchObject({ ok: false });
    expect(head(await exported())).toEqual({ format: 'backstory.entities', version: 1, publisher: 'A', edition: 2 });
    await importFile({ format: 'backstory.entities', version: 1, source: 'C', entities: [{ name: 'Four' }] }, true);
    expect(head(await exported())).toEqual({ format: 'backstory.entities', version: 1, source: 'C' });
  });

  it('a list-level guard is applied to the entities at import, never written back as the file’s', async () => {
    await importFile({ format: 'backstory.entities', version: 1, guard: true, title: 'Cities', entities: [{ id: 'reading', name: 'Reading', type: 'place' }] });
    const out = await exported();
    expect(head(out)).toEqual({ format: 'backstory.entities', version: 1, title: 'Cities' });
    expect((out.entities as Record<string, unknown>[])[0]).toMatchObject({ id: 'reading', guard: true });
  });
});
