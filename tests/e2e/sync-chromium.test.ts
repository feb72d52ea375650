/**
 * Sync end to end in Chromium (CONTRACT §4 "Sync" and "On the server"): two browser profiles
 * (two persistent contexts, each with the extension) and one CouchDB-protocol server
 * (express-pouchdb on 127.0.0.1, an admin and a regular user who is the database's only member,
 * basic auth). Everything is done through the options page and the popup, as a reader does.
 *
 * The tests run in order and build on each other: A imports and syncs, B syncs and gets the
 * entities, both edit the same notes, a wrong password fails in words and loses nothing.
 */
import type { Page as PwPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportEntities, hoverMention, importEntities, textsOf, waitForHighlights } from '../../scripts/lib/actions';
import { launchChromium, readHighlights, sleep, waitFor, type ExtBrowser, type Tab } from '../../scripts/lib/browsers';
import { demoDir } from '../../scripts/lib/paths';
import { startStaticServer, type StaticServer } from '../../scripts/lib/server';
import { startCouchServer, type CouchServer } from '../support/couch-server';
import { demoEntitiesFile, loadDemoEntities, type DemoEntity } from './suite';
import { notesInPopup, openInPopup, startListServer, subscribeTo, syncThroughOptions, writeNotesInPopup, type ListServer, type SyncSettings } from './sync-helpers';

const DB = 'backstory-alice';
const USER = { username: 'alice', password: 'correct horse battery' };

/** The fields of CONTRACT §2 as the demo file gives them, for comparison with server documents. */
interface FullDemoEntity extends DemoEntity {
  id: string;
  aliases?: string[];
  tags?: string[];
  updatedAt?: string;
  [extra: string]: unknown;
}

type ServerDoc = Record<string, unknown>;

/** id → notes of an `Export` (the reader's own entities). */
function notesById(exportText: string): Record<string, string> {
  const parsed = JSON.parse(exportText) as { entities?: { id: string; notes?: string }[] } | { id: string; notes?: string }[];
  const list = Array.isArray(parsed) ? parsed : (parsed.entities ?? []);
  return Object.fromEntries(list.map((e) => [e.id, e.notes ?? '']));
}

/** The entities of an export, by id order (the file's own header aside). */
function entitiesOf(exportText: string): unknown[] {
  const parsed = JSON.parse(exportText) as { entities?: { id: string }[] } | { id: string }[];
  const list = Array.isArray(parsed) ? parsed : (parsed.entities ?? []);
  return [...list].sort((x, y) => x.id.localeCompare(y.id));
}

/** The text of the elements describing the editor's Notes field (aria-describedby), or ''. */
function notesDescription(popup: Tab): Promise<string> {
  return popup.evaluate<string>(`(document.getElementById('f-notes')?.getAttribute('aria-describedby') ?? '')
    .split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '').join(' ')`);
}

/** The text between the first conflict marker line and the last one, or null without markers. */
function betweenMarkers(notes: string): string | null {
  const match = /^<{7}[^\n]*\n([\s\S]*?)\n={7}\n([\s\S]*?)\n>{7}[^\n]*$/m.exec(notes);
  return match ? `${match[1]}\n${match[2]}` : null;
}

describe('Sync in Chromium: two profiles, one CouchDB server', () => {
  let couch: CouchServer;
  let pages: StaticServer;
  let a: ExtBrowser;
  let b: ExtBrowser;
  let settings: SyncSettings;
  const demo = loadDemoEntities() as FullDemoEntity[];
  const articleUrl = (): string => pages.url('/demo/article.html');
  const serverDocs = async (): Promise<ServerDoc[]> => (await couch.allDocs(DB)).filter((d) => !String(d._id).startsWith('_design/'));
  const serverDoc = async (id: string): Promise<ServerDoc | undefined> => (await serverDocs()).find((d) => d._id === `entity:${id}`);

  beforeAll(async () => {
    couch = await startCouchServer();
    await couch.createDb(DB);
    await couch.createUser(USER.username, USER.password);
    await couch.setMembers(DB, [USER.username]);
    // The database really is closed to anyone else: anonymous requests are refused.
    const anonymous = await couch.request('GET', `/${DB}/_all_docs`, undefined, null);
    expect(anonymous.status, 'the database is for its members only').toBeGreaterThanOrEqual(400);
    settings = { serverUrl: couch.url, database: DB, username: USER.username, password: USER.password };
    pages = await startStaticServer({ '/demo/': demoDir });
    [a, b] = await Promise.all([launchChromium(), launchChromium()]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await pages?.close();
    await couch?.close();
  });

  test('profile A imports the demo entities and syncs: Syncing…, then Synced …', async () => {
    expect(await importEntities(a, demoEntitiesFile)).toBe(`Imported ${demo.length} entities`);
    const outcome = await syncThroughOptions(a, settings);
    expect(outcome.seen[0], 'the status says Syncing… as soon as Sync now is pressed').toBe('Syncing…');
    expect(outcome.status).toMatch(/^Synced\b/);
    expect(outcome.status).not.toMatch(/error|fail/i);
  });

  test('the server holds one document per entity, _id entity:<id>, with the CONTRACT §2 fields', async () => {
    const docs = await waitFor(
      async () => {
        const all = await serverDocs();
        return all.filter((d) => String(d._id).startsWith('entity:')).length >= demo.length ? all : null;
      },
      { timeout: 15_000, message: `${demo.length} entity documents on the server` },
    );
    const entityDocs = docs.filter((d) => String(d._id).startsWith('entity:'));
    expect(entityDocs.map((d) => d._id).sort()).toEqual(demo.map((e) => `entity:${e.id}`).sort());
    expect(docs.filter((d) => !String(d._id).startsWith('entity:')), 'no other documents').toEqual([]);
    for (const entity of demo) {
      const doc = entityDocs.find((d) => d._id === `entity:${entity.id}`);
      expect(doc, entity.id).toBeDefined();
      if (!doc) continue;
      expect(doc.id, `${entity.id}: id`).toBe(entity.id);
      expect(doc.name, `${entity.id}: name`).toBe(entity.name);
      expect(doc.type, `${entity.id}: type`).toBe(entity.type ?? 'other');
      expect(doc.aliases, `${entity.id}: aliases`).toEqual(entity.aliases ?? []);
      expect(doc.summary, `${entity.id}: summary`).toBe(entity.summary ?? '');
      expect(doc.notes, `${entity.id}: notes`).toBe(entity.notes ?? '');
      expect(doc.tags, `${entity.id}: tags`).toEqual(entity.tags ?? []);
      expect(doc.links, `${entity.id}: links`).toEqual(entity.links ?? []);
      expect(typeof doc.updatedAt === 'string' && !Number.isNaN(Date.parse(doc.updatedAt)), `${entity.id}: updatedAt is a date`).toBe(true);
      if (entity.updatedAt) expect(Date.parse(String(doc.updatedAt)), `${entity.id}: updatedAt as imported`).toBe(Date.parse(entity.updatedAt));
      expect(doc.deleted ?? false, `${entity.id}: not deleted`).toBe(false);
      expect(doc.conflict ?? false, `${entity.id}: no conflict`).toBe(false);
      // Unknown fields of the interchange format travel too (demo: x-meridian-desk on Gen Nakatani).
      for (const key of Object.keys(entity).filter((k) => k.startsWith('x-'))) {
        expect(doc[key], `${entity.id}: unknown field ${key} kept`).toEqual(entity[key]);
      }
    }
  });

  test('profile B syncs and gets them: an open article highlights them, the popup finds them', async () => {
    const article = await b.newTab(articleUrl());
    try {
      await sleep(500);
      expect(Object.values(await readHighlights(article)).flat(), 'nothing to highlight before B syncs').toEqual([]);
      const outcome = await syncThroughOptions(b, settings);
      expect(outcome.seen[0]).toBe('Syncing…');
      expect(outcome.status).toMatch(/^Synced\b/);
      expect(outcome.status).not.toMatch(/error|fail/i);
      expect(outcome.status, 'B received the 12 entities').toMatch(new RegExp(`\\b${demo.length} received\\b`));

      const map = await waitForHighlights(
        article,
        (m) => textsOf(m, 'backstory-person').includes('Rajnath Singh') && textsOf(m, 'backstory-place').includes('Pahalgam'),
        15_000,
      );
      expect(textsOf(map, 'backstory-org')).toContain('ANI');
    } finally {
      await article.close();
    }
    const rajnath = demo.find((e) => e.id === 'rajnath-singh');
    expect(await notesInPopup(b, 'Rajnath', 'Rajnath Singh')).toBe(rajnath?.notes);
    expect(notesById(await exportEntities(b)), 'B holds every entity with its notes').toEqual(notesById(await exportEntities(a)));
  });

  const textA = 'Profile A: the attack site reopened to tourists in June.';
  const textB = 'Profile B: police checkpoints still on the road from Anantnag.';

  test('both profiles edit the same notes differently; after A, B, A sync both keep both texts between markers, conflict on the server', async () => {
    await writeNotesInPopup(a, 'Pahalgam', 'Pahalgam', textA);
    await writeNotesInPopup(b, 'Pahalgam', 'Pahalgam', textB);
    for (const [who, browser] of [['A', a], ['B', b], ['A', a]] as const) {
      const outcome = await syncThroughOptions(browser);
      console.log(`chromium sync, ${who}: ${outcome.status}`);
      expect(outcome.status, `sync of ${who}`).toMatch(/^Synced\b/);
      expect(outcome.status, `sync of ${who}`).not.toMatch(/error|fail/i);
    }

    const notesA = await notesInPopup(a, 'Pahalgam', 'Pahalgam');
    const notesB = await notesInPopup(b, 'Pahalgam', 'Pahalgam');
    for (const [who, notes] of [['A', notesA], ['B', notesB]] as const) {
      const inside = betweenMarkers(notes);
      expect(inside, `${who}'s notes hold conflict markers: ${JSON.stringify(notes)}`).not.toBeNull();
      expect(inside, `${who}: A's text between the markers`).toContain(textA);
      expect(inside, `${who}: B's text between the markers`).toContain(textB);
    }
    expect(notesB, 'both profiles show the same merged notes').toBe(notesA);

    const doc = await serverDoc('pahalgam');
    expect(doc?.conflict, 'the server document entity:pahalgam has conflict: true').toBe(true);
    expect(doc?.notes).toBe(notesA);

    // Every other note is equal on both sides, and on the server.
    const exportA = notesById(await exportEntities(a));
    const exportB = notesById(await exportEntities(b));
    expect(exportB).toEqual(exportA);
    for (const entity of demo.filter((e) => e.id !== 'pahalgam')) {
      expect(exportA[entity.id], `${entity.id}: notes unchanged`).toBe(entity.notes ?? '');
      expect((await serverDoc(entity.id))?.notes, `${entity.id}: server notes`).toBe(entity.notes ?? '');
    }
  });

  test('a wrong password gives "Sync failed: …" in words and loses nothing', async () => {
    const japanNotes = 'Japan: a local edit made while the password is wrong must survive.';
    const docsBefore = await serverDocs();

    // The wrong password is stored first, so that the sync that follows an edit fails too.
    const first = await syncThroughOptions(a, { password: 'not the password' });
    expect(first.seen[0]).toBe('Syncing…');
    expect(first.status).toMatch(/^Sync failed: /);
    await writeNotesInPopup(a, 'Japan', 'Japan', japanNotes);
    const exportBefore = await exportEntities(a);
    const failed = await syncThroughOptions(a);
    console.log(`chromium sync, wrong password: ${failed.status}`);
    expect(failed.seen[0]).toBe('Syncing…');
    expect(failed.status).toMatch(/^Sync failed: \p{L}/u);
    expect(failed.status, 'the reason is in words').toMatch(/password/i);
    expect(failed.status, 'the reason is more than an HTTP code').not.toMatch(/^Sync failed: \d+$/);

    // Nothing lost: the local store exactly as before, the server untouched.
    expect(entitiesOf(await exportEntities(a)), 'A keeps every entity and the unsent edit').toEqual(entitiesOf(exportBefore));
    expect(notesById(exportBefore).japan).toBe(japanNotes);
    expect(await serverDocs(), 'the server is unchanged').toEqual(docsBefore);
    const article = await a.newTab(articleUrl());
    try {
      const map = await waitForHighlights(article, (m) => textsOf(m, 'backstory-person').includes('Rajnath Singh'));
      expect(textsOf(map, 'backstory-place')).toContain('Japan');
    } finally {
      await article.close();
    }

    // With the right password again, the kept edit goes out and reaches B.
    const fixed = await syncThroughOptions(a, { password: USER.password });
    expect(fixed.status).toMatch(/^Synced\b/);
    expect(fixed.status).not.toMatch(/error|fail/i);
    expect((await serverDoc('japan'))?.notes).toBe(japanNotes);
    const onB = await syncThroughOptions(b);
    expect(onB.status).toMatch(/^Synced\b/);
    expect(await notesInPopup(b, 'Japan', 'Japan')).toBe(japanNotes);
    expect(notesById(await exportEntities(b))).toEqual(notesById(await exportEntities(a)));
  });

  test('the merged notes show in B\'s hover card', async () => {
    const article: Tab = await b.newTab(articleUrl());
    try {
      await waitForHighlights(article, (m) => textsOf(m, 'backstory-place').includes('Pahalgam'));
      const card = await hoverMention(article, 'Pahalgam');
      expect(card.text).toContain(textA);
      expect(card.text).toContain(textB);
    } finally {
      await article.close();
    }
  });

  test('resolving the notes in the popup clears the conflict, on the server and in the other profile', async () => {
    // An edit that leaves the markers in (a line typed at the end, below them) resolves nothing.
    const popup = await openInPopup(a, 'Pahalgam', 'Pahalgam');
    try {
      const notes = (popup as unknown as { page: PwPage }).page.getByLabel('Notes', { exact: true });
      // The editor says what the markers are and how to resolve them, as the Notes' description.
      expect(await notesDescription(popup), 'the conflict explained above the notes').toMatch(/could not be merged/);
      await notes.click();
      await notes.press('ControlOrMeta+End');
      await notes.pressSequentially('\nA line added below the markers.');
      await waitFor(async () => (await popup.statusTexts()).includes('Saved'), { timeout: 10_000, message: 'the notes status "Saved"' });
      expect(await notesDescription(popup), 'still explained while the markers stand').toMatch(/could not be merged/);
    } finally {
      await popup.close();
    }
    const stillMarked = (JSON.parse(await exportEntities(a)) as { entities: { id: string; conflict?: boolean }[] }).entities.find((e) => e.id === 'pahalgam');
    expect(stillMarked?.conflict, 'still a conflict while both texts stand between markers').toBe(true);
    const resolved = `${textA}\n${textB}`;
    const resolving = await openInPopup(a, 'Pahalgam', 'Pahalgam');
    try {
      await resolving.fill('Notes', resolved);
      await waitFor(async () => (await resolving.statusTexts()).includes('Saved'), { timeout: 10_000, message: 'the notes status "Saved"' });
      await waitFor(async () => (await notesDescription(resolving)) === '', { message: 'the conflict note gone once resolved' });
    } finally {
      await resolving.close();
    }
    const fromA = await syncThroughOptions(a);
    expect(fromA.status).toMatch(/^Synced\b/);
    const doc = await serverDoc('pahalgam');
    expect(doc?.notes).toBe(resolved);
    expect(doc?.conflict ?? false, 'entity:pahalgam has no conflict once the reader resolved it').toBe(false);

    const onB = await syncThroughOptions(b);
    expect(onB.status).toMatch(/^Synced\b/);
    expect(await notesInPopup(b, 'Pahalgam', 'Pahalgam')).toBe(resolved);
    const pahalgamOnB = (JSON.parse(await exportEntities(b)) as { entities: { id: string; conflict?: boolean }[] }).entities.find((e) => e.id === 'pahalgam');
    expect(pahalgamOnB?.conflict ?? false, 'B no longer flags a conflict').toBe(false);
  });

  describe('the reader\'s notes on a subscribed list\'s entity', () => {
    let lists: ListServer;
    const LIST = '/lists/watch.json';
    const listDoc = async (): Promise<ServerDoc | undefined> => (await serverDocs()).find((d) => /^listnote:[a-z0-9-]+\/ilse-varga$/.test(String(d._id)));

    beforeAll(async () => {
      lists = await startListServer();
      lists.set(LIST, JSON.stringify({
        format: 'backstory.entities', version: 1, title: 'Watch list', expires: '1 day', lastModified: '2025-06-01T00:00:00Z',
        entities: [{ id: 'ilse-varga', name: 'Ilse Varga', type: 'person', summary: 'Hydrologist.', notes: 'The list\'s own notes.' }],
      }));
      for (const browser of [a, b]) {
        const options = await browser.openExtensionPage('options.html');
        try {
          expect(await subscribeTo(options, lists.url(LIST))).toBe('Subscribed: 1 entities');
        } finally {
          await options.close();
        }
      }
    });

    afterAll(async () => {
      await lists?.close();
    });

    test('sync to the other profile as a listnote: document; the list\'s entity itself is not sent', async () => {
      const note = 'Met her at the basin meeting (A, e2e).';
      await writeNotesInPopup(a, 'Ilse', 'Ilse Varga', note);
      // The edit also schedules a sync of its own (5 s after it): which of the two sends the note does not matter.
      expect((await syncThroughOptions(a)).status).toMatch(/^Synced\b/);
      expect(await listDoc()).toMatchObject({ notes: note, entity: 'ilse-varga' });
      expect((await serverDocs()).some((d) => String(d._id).includes('ilse-varga') && String(d._id).startsWith('entity:')), 'no entity document for a list entity').toBe(false);
      expect((await syncThroughOptions(b)).status).toMatch(/^Synced\b/);
      expect(await notesInPopup(b, 'Ilse', 'Ilse Varga')).toBe(note);
    });

    test('edited differently in both profiles, both texts are kept between markers everywhere', async () => {
      const fromA = 'Met her at the basin meeting (A, e2e).\nShe called back on Monday.';
      const fromB = 'Met her at the basin meeting (A, e2e).\nShe never called back.';
      await writeNotesInPopup(a, 'Ilse', 'Ilse Varga', fromA);
      await writeNotesInPopup(b, 'Ilse', 'Ilse Varga', fromB);
      expect((await syncThroughOptions(a)).status).toMatch(/^Synced\b/);
      // The merge may happen in the sync each edit schedules or in these: only the outcome is checked.
      expect((await syncThroughOptions(b)).status).toMatch(/^Synced\b/);
      expect((await syncThroughOptions(a)).status).toMatch(/^Synced\b/);
      const merged = await notesInPopup(a, 'Ilse', 'Ilse Varga');
      expect(merged).toContain('She called back on Monday.');
      expect(merged).toContain('She never called back.');
      expect(merged).toMatch(/^<{7} /m);
      expect(await notesInPopup(b, 'Ilse', 'Ilse Varga')).toBe(merged);
      expect(await listDoc()).toMatchObject({ notes: merged, conflict: true });
    });
  });
});
