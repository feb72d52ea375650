/**
 * One handler per protocol request. Each runs once the background is ready (the store open, the
 * matcher loaded; only the store for those that just read it, index.ts), so a worker woken by a
 * message answers correctly.
 */
import { hasConflictMarkers } from '../core/sync/notes';
import { exportedListNotes, LIST_NOTES_FIELD } from './subscriptions/exported-notes';
import type { Entity } from '../core/entities/entity';
import { exportCsv, exportJson, mergeImported } from '../core/entities';
import type { StoredEntity } from '../shared/db';
import type { CardEntity, RequestType, Requests, Responses } from '../shared/protocol';
import type { Runtime } from '../shared/browser';
import type { Background } from './app';
import { deleteAllOwn } from './delete-all';
import { starterPackEntities } from './starter-pack';
import { importFailure, importStaged } from './imports';
import { recentlyDeleted } from './trash';
import { withMergedNotes, type SaveChange } from './save-change';
import {
  decideListPatch, formatSubscribeStatus, isListEntity, listSubscriptions, READ_ONLY_MESSAGE, saveListNote, withReaderNotes, type EntityView,
} from './subscriptions';

/** `sender`: who asked (a tab's content script, for `reportMentions`); absent in tests. */
type Handler<T extends RequestType> = (request: Requests[T], background: Background, sender?: Runtime.MessageSender) => Promise<Responses[T]>;
export type Handlers = { [T in RequestType]: Handler<T> };

function toCard(e: StoredEntity): CardEntity {
  return {
    id: e.id,
    name: e.name,
    type: e.type,
    summary: e.summary,
    notes: e.notes,
    tags: e.tags,
    links: e.links.map((l) => ({ title: typeof l.title === 'string' ? l.title : undefined, url: l.url })),
    conflict: e.conflict,
  };
}

/** The interchange form of a stored entity: without the store's own bookkeeping. */
function toInterchange(stored: StoredEntity | EntityView): Entity {
  const { source: _source, readOnly: _readOnly, listNotes: _listNotes, readerNotes: _readerNotes, ...entity } = stored as EntityView;
  return entity;
}

/** The export file's text: the reader's own entities, and in JSON the file's own fields. */
async function exportText(format: 'json' | 'csv', bg: Background): Promise<{ text: string; count: number }> {
  const own = (await bg.store.own()).map(toInterchange);
  if (format === 'csv') return { text: exportCsv(own), count: own.length };
  // CONTRACT §2: not the subscribed lists' entities, but the reader's notes on them (CSV has no
  // file-level place for them: JSON only, docs/interchange.md).
  const listNotes = await exportedListNotes(bg.db);
  const fileExtra = { ...(await bg.store.fileFields()), ...(listNotes.length > 0 ? { [LIST_NOTES_FIELD]: listNotes } : {}) };
  return { text: exportJson(own, fileExtra), count: own.length };
}

export const handlers: Handlers = {
  async match({ blocks, host }, bg) {
    const enabled = await bg.sites.isEnabled(host);
    if (!enabled) return { enabled, version: bg.matcher.version, blocks: blocks.map(() => []), types: {} };
    return { enabled, version: bg.matcher.version, ...bg.matcher.scan(blocks) };
  },

  async cards({ ids }, bg) {
    const found = (await bg.store.getMany(ids)).filter((e): e is StoredEntity => e !== undefined);
    return { entities: (await withReaderNotes(bg.db, found)).map(toCard) };
  },

  async search({ query, limit, offset }, bg) {
    return (await bg.searchIndex()).search(query, limit, offset);
  },

  async getEntity({ id }, bg) {
    // A popup opened again right after one closed mid-typing reads what that one sent.
    await bg.saves.settled(id);
    const stored = await bg.store.get(id);
    if (!stored) return { entity: null };
    if (!isListEntity(stored)) return { entity: toInterchange(stored) };
    const [view] = await withReaderNotes(bg.db, [stored]);
    return { entity: { ...toInterchange(stored), notes: view.readerNotes ?? '' }, readOnly: true, listNotes: view.listNotes ?? stored.notes };
  },

  saveEntity({ id, create, patch, notesBase }, bg) {
    // The popup sends each change at once, without waiting for the answer to the one before:
    // one entity's saves are applied in the order sent, merged while they wait.
    const change: SaveChange = { patch, notesBase };
    return id === undefined ? saveEntity(undefined, false, change, bg) : bg.saves.save(id, change, create === true, (i, c, cr) => saveEntity(i, cr, c, bg));
  },

  async deleteEntity({ id }, bg) {
    const stored = await bg.store.get(id);
    if (stored && isListEntity(stored)) return { ok: false, error: READ_ONLY_MESSAGE };
    const ok = await bg.store.remove(id);
    if (ok) await bg.changed({ remove: id });
    return { ok };
  },

  listTrash({ limit }, bg) {
    return recentlyDeleted(bg.db, Math.max(1, Math.min(limit, 500)));
  },

  async undoDelete({ id }, bg) {
    const ok = await bg.store.undoRemove(id);
    const restored = ok ? await bg.store.get(id) : undefined;
    if (restored) await bg.changed({ upsert: restored });
    return { ok };
  },

  importUpload({ uploadId, replace }, bg) {
    return importStaged(bg, uploadId, replace);
  },

  async exportEntities({ format }, bg) {
    const { text, count } = await exportText(format, bg);
    return { ...bg.exports.hold(text), count };
  },

  async exportPart({ token, index }, bg) {
    return { text: bg.exports.part(token, index) };
  },

  async stats(_request, bg) {
    return { entities: await bg.store.count() };
  },

  async siteEnabled({ host }, bg) {
    return { enabled: await bg.sites.isEnabled(host) };
  },

  async setSiteEnabled({ host, enabled }, bg) {
    await bg.sites.setEnabled(host, enabled);
    await bg.siteToggled(host, enabled);
    return { ok: true };
  },

  async listSites(_request, bg) {
    return { disabled: await bg.sites.list() };
  },

  async listBackups(_request, bg) {
    return { backups: await bg.store.backups() };
  },

  async restoreBackup({ id }, bg) {
    const count = await bg.store.restoreBackup(id);
    if (count === undefined) return { ok: false };
    await bg.changed({ rebuild: true });
    return { ok: true, count };
  },

  async subscribe({ url }, bg) {
    const result = await bg.subscriptions.subscribe(url);
    if (result.ok && result.rebuild) await bg.changed({ rebuild: true });
    return { ok: result.ok, status: formatSubscribeStatus(result) };
  },

  async unsubscribe({ id }, bg) {
    const result = await bg.subscriptions.unsubscribe(id);
    if (result.rebuild) await bg.changed({ rebuild: true });
    return { ok: result.removed };
  },

  async getSyncSettings(_request, bg) {
    return { config: await bg.sync.settings() };
  },

  async saveSyncSettings({ config }, bg) {
    await bg.sync.saveSettings(config);
    return { ok: true };
  },

  async syncNow({ continue: allowMassDeletion }, bg) {
    return bg.sync.run({ allowMassDeletion });
  },

  async syncState(_request, bg) {
    return { state: await bg.sync.state(), configured: Boolean((await bg.sync.settings())?.serverUrl) };
  },

  async syncSoon(_request, bg) {
    void bg.sync.runIfConfigured();
    return { ok: true };
  },

  async injectFrames(_request, bg, sender) {
    const tabId = sender?.tab?.id;
    return { injected: tabId === undefined ? 0 : await bg.injectFramesWithText(tabId) };
  },

  async escapePressed(_request, bg, sender) {
    const tabId = sender?.tab?.id;
    if (tabId === undefined) return { ok: false };
    await bg.closeCards(tabId);
    return { ok: true };
  },

  async reportMentions({ count }, bg, sender) {
    // Only a tab's top frame reports (src/content/badge-report.ts); frames inside it do not.
    const tabId = sender?.tab?.id;
    if (tabId === undefined || (sender?.frameId ?? 0) !== 0) return { ok: false };
    await bg.badge(tabId, count);
    return { ok: true };
  },

  async openEditor({ id }, bg) {
    if (typeof id !== 'string' || id === '') return { ok: false };
    await bg.openEditor(id);
    return { ok: true };
  },

  async deleteAllEntities(_request, bg) {
    const result = await deleteAllOwn(bg.store);
    if (result.count > 0) await bg.changed({ rebuild: true });
    return result;
  },

  async loadStarterPack(_request, bg) {
    try {
      const names = (await bg.store.all()).map((e) => e.name);
      const entities = starterPackEntities(names);
      const count = entities.length === 0 ? 0 : await bg.store.importEntities({ entities, replace: false, merge: mergeImported });
      if (count > 0) await bg.changed({ rebuild: true });
      return { ok: true, count };
    } catch (error) {
      return importFailure(error);
    }
  },

  async listSubscriptions(_request, bg) {
    const lists = await listSubscriptions(bg.db);
    return {
      lists: lists.map((l) => ({ id: l.id, url: l.url, title: l.title, homepage: l.homepage, count: l.count, updatedAt: l.updatedAt, checkedAt: l.checkedAt, error: l.error })),
    };
  },
};

type Patch = Requests['saveEntity']['patch'];

async function saveEntity(id: string | undefined, create: boolean, change: SaveChange, bg: Background): Promise<Responses['saveEntity']> {
  const { patch } = change;
  if (patch.name !== undefined && patch.name.trim() === '') return { error: 'An entity needs a name.' };
  const stored = id === undefined ? undefined : await bg.store.get(id);
  if (!stored) {
    if (id !== undefined && !create) return { error: 'This entity no longer exists.' };
    if (id !== undefined && (id === '' || id.startsWith('_'))) return { error: 'An entity id is not empty and does not start with _.' };
    if (!patch.name) return { error: 'An entity needs a name.' };
    const created = await bg.store.create(patch, id);
    await bg.changed({ upsert: created });
    return { entity: toInterchange(created) };
  }
  const decision = decideListPatch(stored, patch);
  switch (decision.kind) {
    case 'refused':
      return { error: decision.error };
    case 'unchanged':
      return { entity: toInterchange(stored) };
    case 'notes': {
      const saved = await saveListNote(bg.db, stored.id, decision.notes);
      if (!saved.ok) return { error: saved.error };
      await bg.changed({ upsert: saved.entity });
      return { entity: { ...toInterchange(saved.entity), notes: saved.entity.readerNotes ?? '' } };
    }
    case 'own': {
      // Editing notes that sync marked as conflicting is how the reader resolves them
      // (CONTRACT §4, docs/sync.md): the flag is cleared by the edit that leaves no conflict
      // marker in them (not by the first keystroke: the popup saves as the reader types), and
      // syncs like any field.
      const resolves = patch.notes !== undefined && patch.conflict === undefined && stored.conflict === true && !hasConflictMarkers(patch.notes);
      const own: SaveChange = { ...change, patch: resolves ? { ...patch, conflict: false } : patch };
      // Merged inside the write's transaction: nothing can land between the read and the write.
      const saved = await bg.store.update(stored.id, (current) => withMergedNotes(current, own, new Date().toISOString()));
      if (!saved) return { error: 'This entity no longer exists.' };
      await bg.changed({ upsert: saved });
      return { entity: toInterchange(saved) };
    }
  }
}
