/**
 * A whole background (store, matcher, search, sync, subscriptions) over a fresh fake-indexeddb
 * database and an in-memory synced area, with no tabs to tell: what the unit tests drive through
 * the protocol's handlers, as the popup and options page do.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createBackground, type Background } from '../../src/background/app';
import { handlers } from '../../src/background/handlers';
import type { SyncedArea } from '../../src/background/subscriptions';
import { openDb, type BackstoryDb } from '../../src/shared/db';

/** `storage.sync` stand-in. */
export function memoryArea(): SyncedArea {
  const data: Record<string, unknown> = {};
  return { get: async (key) => (key in data ? { [key]: data[key] } : {}), set: async (items) => void Object.assign(data, items) };
}

/** A ready background on its own new database. */
export async function testBackground(): Promise<{ db: BackstoryDb; bg: Background }> {
  const db = openDb({ indexedDB: new IDBFactory(), IDBKeyRange });
  const made = createBackground({ broadcast: async () => undefined }, memoryArea(), db);
  await made.ready;
  return { db, bg: made.background };
}

/** An export as the options page reads it: `exportEntities`, then each of its parts in turn. */
export async function exportedText(bg: Background, format: 'json' | 'csv'): Promise<{ text: string; count: number }> {
  const { token, parts, count } = await handlers.exportEntities({ format }, bg);
  let text = '';
  for (let index = 0; index < parts; index++) text += (await handlers.exportPart({ token, index }, bg)).text;
  return { text, count };
}
