/**
 * Two clients making random concurrent edits over many rounds, syncing through a real
 * CouchDB-protocol server in random order: no note line is ever lost.
 *
 * The oracle: every note line a client writes is unique. A line is expected in the end unless a
 * client removed or replaced it while seeing it (an explicit later edit). After both clients
 * sync until quiet, every expected line is in both clients' notes, and both hold the same entities.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCouchServer, type CouchServer } from '../support/couch-server';
import { entity, makeClient, seed, uniqueDb, type Client } from '../unit/sync/clients';

let couch: CouchServer;
beforeAll(async () => {
  couch = await startCouchServer();
}, 60_000);
afterAll(async () => {
  await couch?.close();
});

const IDS = ['e0', 'e1', 'e2'];
type Step =
  | { kind: 'sync'; client: number }
  | { kind: 'append' | 'replace' | 'delete'; client: number; entity: number; pos: number }
  | { kind: 'summary' | 'tag'; client: number; entity: number; pos: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('sync' as const), client: fc.nat(1) }),
  fc.record({ kind: fc.constantFrom('append' as const, 'replace' as const, 'delete' as const), client: fc.nat(1), entity: fc.nat(IDS.length - 1), pos: fc.nat(20) }),
  fc.record({ kind: fc.constantFrom('summary' as const, 'tag' as const), client: fc.nat(1), entity: fc.nat(IDS.length - 1), pos: fc.nat(3) }),
);

it('two clients editing concurrently never lose a note line and converge', async () => {
  await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 24 }), async (steps) => {
    const name = uniqueDb('prop');
    await couch.createDb(name);
    const clients: Client[] = [makeClient(couch, name), makeClient(couch, name)];
    await seed(clients[0], IDS.map((id) => entity(id, { notes: 'seed' })));
    await clients[0].sync();
    await clients[1].sync();
    const expected = new Map(IDS.map((id) => [id, new Set(['seed'])]));
    let serial = 0;
    for (const s of steps) {
      const c = clients[s.client];
      if (s.kind === 'sync') {
        expect((await c.sync()).ok).toBe(true);
        continue;
      }
      const id = IDS[s.entity];
      const current = await c.store.get(id);
      if (!current) continue;
      if (s.kind === 'summary') await c.store.update(id, { summary: `summary ${s.client}-${serial++}` });
      else if (s.kind === 'tag') await c.store.update(id, { tags: [...current.tags, `t${s.pos}`].filter((t, i, all) => all.indexOf(t) === i) });
      else {
        const lines = current.notes === '' ? [] : current.notes.split('\n');
        const fresh = `c${s.client}-${serial++}`;
        const want = expected.get(id)!;
        if (s.kind === 'append' || lines.length === 0) {
          lines.splice(s.pos % (lines.length + 1), 0, fresh);
          want.add(fresh);
        } else {
          const at = s.pos % lines.length;
          want.delete(lines[at]); // removed by an edit made while seeing it
          if (s.kind === 'replace') {
            lines.splice(at, 1, fresh);
            want.add(fresh);
          } else lines.splice(at, 1);
        }
        await c.store.update(id, { notes: lines.join('\n') });
      }
    }
    for (const c of [0, 1, 0, 1]) expect((await clients[c].sync()).ok).toBe(true);
    for (const id of IDS) {
      const [a, b] = await Promise.all(clients.map((c) => c.store.get(id)));
      const lines = new Set(a!.notes.split('\n'));
      for (const line of expected.get(id)!) expect(lines.has(line), `${id}: ${line} in\n${a!.notes}`).toBe(true);
      expect(b).toEqual(a);
    }
    expect(await clients[0].db.sync.where('pending').equals(1).count()).toBe(0);
  }), { numRuns: 12 });
}, 120_000);
