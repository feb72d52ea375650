/**
 * The one message protocol between the extension's contexts.
 *
 * Every request is `{ type, ...payload }`; `Requests[type]` gives the payload and `Responses[type]`
 * what the background answers. Pages and content scripts call `send()` (src/shared/messaging.ts);
 * the background registers one handler per type. Messages the background pushes to tabs are
 * `TabMessages`.
 */
import type { Entity, EntityType } from '../core/entities/entity';
import type { ScanResult } from '../core/matcher/types';

/** A short row for lists (popup search, on-this-page). */
export interface EntitySummary {
  id: string;
  name: string;
  type: EntityType;
  /** The alias that matched the search, when it was not the name. */
  matchedAlias?: string;
  /** Another entity has the same name (search only): `detail` tells them apart. */
  namesake?: true;
  /** For a namesake, the start of its summary, or its tags (background/namesake-details.ts). */
  detail?: string;
}

/** What the card shows of an entity. */
export interface CardEntity {
  id: string;
  name: string;
  type: EntityType;
  summary: string;
  notes: string;
  tags: string[];
  links: { title?: string; url: string }[];
  conflict?: boolean;
}

export type ImportOutcome =
  | { ok: true; count: number }
  | { ok: false; error: string };

export interface Requests {
  /** Scan text blocks of a page. */
  match: {
    /** Text blocks in document order; offsets in the answer index into these strings. */
    blocks: string[];
    /** The page's host name, for per-site rules. */
    host: string;
  };
  /** Entities for a card, in the order asked. */
  cards: { ids: string[] };
  /** Search names and aliases (popup). */
  search: {
    query: string;
    limit: number;
    /** Skip this many results (the popup's virtual list asks page by page). Default 0. */
    offset?: number;
  };
  /** One whole entity (popup editor). */
  getEntity: { id: string };
  /** Create or update one entity; fields absent from `patch` are left as they are. */
  saveEntity: {
    /** Absent: a new entity with a random id. */
    id?: string;
    /**
     * The popup's new entity: `id` is the random id the popup gave it, and the entity is created
     * with it unless it exists already (then this is an update). The popup sends every change
     * at once without waiting for answers, so the first saves of a new entity all carry it.
     */
    create?: boolean;
    patch: Partial<Omit<Entity, 'id' | 'updatedAt'>>;
    /**
     * The notes text `patch.notes` was typed over (the editor's last sent or loaded text): notes
     * changed meanwhile elsewhere are merged with the reader's change, not overwritten
     * (background/save-change.ts).
     */
    notesBase?: string;
  };
  /** Remove one entity at once (soft: `undoDelete` restores it). */
  deleteEntity: { id: string };
  /** Restore an entity removed by `deleteEntity`. */
  undoDelete: { id: string };
  /** The trash, newest first (options page `Recently deleted`). */
  listTrash: { limit: number };
  /**
   * Import a file that the options page staged in the `uploads` table (large files travel through
   * IndexedDB, not through messages). The background runs the import to the end even if the page
   * closes.
   */
  importUpload: {
    /** Key of the row in the `uploads` table. */
    uploadId: string;
    /** Replace the store instead of merging into it. */
    replace: boolean;
  };
  /** The reader's own entities in the interchange format, read then in parts (`exportPart`). */
  exportEntities: { format: 'json' | 'csv' };
  /** One part of an export (background/export-parts.ts: one message holds at most 64 MiB). */
  exportPart: { token: string; index: number };
  /** Counts for the options page. */
  stats: Record<string, never>;
  /** Is the content script on for this host? */
  siteEnabled: { host: string };
  /** Switch highlighting on or off for a host. */
  setSiteEnabled: { host: string; enabled: boolean };
  /** The hosts where highlighting is off (options page). */
  listSites: Record<string, never>;
  /** Backups kept by replacing imports, still restorable. */
  listBackups: Record<string, never>;
  /** Restore one backup: the reader's own entities become what they were. */
  restoreBackup: { id: string };
  /** Subscribe to a published list: fetched at once. */
  subscribe: { url: string };
  /** Remove a subscription and its entities (the reader's notes on them are kept). */
  unsubscribe: { id: string };
  /** The subscriptions, oldest first. */
  listSubscriptions: Record<string, never>;
  /** The sync settings (the password too: it stays in the extension, never exported). */
  getSyncSettings: Record<string, never>;
  /** Keep new sync settings; a changed server or database never deletes data on either side. */
  saveSyncSettings: { config: SyncSettings };
  /** Sync at once; `continue` lets through deletions the failsafe held back. */
  syncNow: { continue?: boolean };
  /** The last sync outcome (with progress while one runs). */
  syncState: Record<string, never>;
  /** Start a sync if one is set up, without waiting for it (the popup opening). */
  syncSoon: Record<string, never>;
  /**
   * From a content script whose page has frames it writes itself (`about:blank`, `about:srcdoc`)
   * that now hold text: inject the content script into those of the tab's frames (they get none
   * until then: content/frame-text.ts).
   */
  injectFrames: Record<string, never>;
  /**
   * `Escape` pressed in a frame of a tab with other frames, with no card open in that frame: a
   * card open in another frame of the tab closes (`closeCard`). Key events go only to the
   * focused frame, so a card opened by the pointer in an embedded frame while the focus was in
   * the page stayed open (found by a probe, 2026-12-07).
   */
  escapePressed: Record<string, never>;
  /** From a tab's top frame: how many entities the page mentions (the toolbar badge). */
  reportMentions: {
    /** Distinct entities mentioned (first-ranked), 0 for none. */
    count: number;
  };
  /**
   * Remove every entity of the reader's own (not subscribed lists') in one transaction: each goes
   * to the trash (the deletion syncs) and all of them into one backup, restorable for 7 days.
   */
  deleteAllEntities: Record<string, never>;
  /** Add the starter pack (countries and capitals) to the store; names already there are skipped. */
  loadStarterPack: Record<string, never>;
  /** From a card's `Edit`: open the entity in the popup page (`popup.html?entity=<id>`) in a new tab. */
  openEditor: { id: string };
}

/** The options page's sync fields (CONTRACT §4). */
export interface SyncSettings {
  serverUrl: string;
  /** One name, or a comma-separated list: the first is written, the others are read. */
  database: string;
  username?: string;
  password?: string;
}

/** The latest sync outcome, in the contract's words. */
export interface SyncStateView {
  status: string;
  ok: boolean;
  at: number;
  lastSyncedAt?: number;
  pending: number;
  needsContinue: boolean;
  /** While a sync runs: documents handled so far of those known. */
  progress?: { done: number; total: number };
}

/** A subscription as the options page lists it. */
export interface SubscriptionSummary {
  id: string;
  url: string;
  title?: string;
  homepage?: string;
  count: number;
  /** When the last good copy was fetched (ms). */
  updatedAt?: number;
  /** When the list was last checked, successfully or not (ms). */
  checkedAt?: number;
  /** The last failure in words, until a fetch succeeds. */
  error?: string;
}

export interface Responses {
  match: ScanResult & {
    /** False when the reader switched this site off: draw nothing. */
    enabled: boolean;
    /** Version of the entity list the scan used; tabs rescan when it changes. */
    version: number;
  };
  cards: { entities: CardEntity[] };
  search: { results: EntitySummary[]; total: number };
  getEntity: {
    entity: Entity | null;
    /** From a subscribed list: only the reader's own notes (in `entity.notes`) can change. */
    readOnly?: boolean;
    /** A list entity's own notes, shown read-only above the reader's. */
    listNotes?: string;
  };
  saveEntity: { entity: Entity } | { error: string };
  deleteEntity: { ok: boolean; error?: string };
  undoDelete: { ok: boolean };
  listTrash: { items: { id: string; name: string; type: EntityType; deletedAt: number }[]; total: number };
  importUpload: ImportOutcome;
  exportEntities: { token: string; parts: number; count: number };
  exportPart: { text: string };
  stats: { entities: number };
  siteEnabled: { enabled: boolean };
  setSiteEnabled: { ok: true };
  listSites: { disabled: string[] };
  listBackups: { backups: { id: string; createdAt: number; count: number }[] };
  restoreBackup: { ok: true; count: number } | { ok: false };
  /** `status` is the options page's words: `Subscribed: N entities` or `Subscription refused: …`. */
  subscribe: { ok: boolean; status: string };
  unsubscribe: { ok: boolean };
  listSubscriptions: { lists: SubscriptionSummary[] };
  getSyncSettings: { config?: SyncSettings };
  saveSyncSettings: { ok: true };
  syncNow: SyncStateView;
  syncState: { state?: SyncStateView; configured: boolean };
  syncSoon: { ok: true };
  /** `injected`: frames given the content script now. */
  injectFrames: { injected: number };
  escapePressed: { ok: boolean };
  reportMentions: { ok: boolean };
  /** `backupId`: the backup that `restoreBackup` puts back. */
  deleteAllEntities: { count: number; backupId?: string };
  /** `count`: entities added. */
  loadStarterPack: ImportOutcome;
  openEditor: { ok: boolean };
}

export type RequestType = keyof Requests;
export type Request<T extends RequestType = RequestType> = { type: T } & Requests[T];

/** Messages from the background (or popup) to the content script of a tab. */
export interface TabMessages {
  /** The entity list changed: rescan, refresh an open card. */
  entitiesChanged: { version: number };
  /**
   * Highlighting was switched on or off for a host. Sent to every frame of every tab: a frame
   * acts only when it is on that host (site rules use the frame's host: a frame of another site
   * inside the tab is not switched, and a frame of this site inside another site's tab is).
   */
  siteToggled: { enabled: boolean; host: string };
  /** Which entities the page mentions, with counts (popup's `On this page`). */
  pageMentions: Record<string, never>;
  /** Scroll to the next mention of an entity (after the last one revealed) and flash it. */
  revealMention: {
    /** The entity; a mention counts when it is the mention's first-ranked entity. */
    id: string;
  };
  /**
   * The `next-mention` keyboard command (sent to the top frame only): open the card of the
   * mention at the selection, else of the next mention after the last one opened this way (or the
   * first one in view), with focus moved into the card.
   */
  nextMention: Record<string, never>;
  /** `Escape` was pressed in another frame of this tab: close a card the pointer opened. */
  closeCard: Record<string, never>;
}
export interface TabResponses {
  entitiesChanged: void;
  siteToggled: void;
  pageMentions: { mentions: { id: string; name: string; type: EntityType; count: number }[] };
  /** `index`: which mention was revealed (0-based) of `count`; `found` false when none is left. */
  revealMention: { found: boolean; index: number; count: number };
  /** `index` of `count` mentions in document order; `opened` false when the page has none. */
  nextMention: { opened: boolean; index: number; count: number };
  closeCard: void;
}
export type TabMessageType = keyof TabMessages;
export type TabMessage<T extends TabMessageType = TabMessageType> = { type: T } & TabMessages[T];
