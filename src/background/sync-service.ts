/**
 * Runs CouchDB replication for the background: keeps the settings (stored locally, never
 * exported), the last outcome for the options page and popup, and decides when to sync:
 * `Sync now`, an alarm, and a few seconds after local edits.
 */
import type { BackstoryDb } from '../shared/db';
import type { SyncStateView } from '../shared/protocol';
import { SYNCING, syncOnce, type SyncConfig, type SyncReport } from './sync';

/** The periodic sync alarm (a server also receives edits made elsewhere). */
export const SYNC_ALARM = 'backstory-sync';
export const SYNC_PERIOD_MINUTES = 15;

const CONFIG_KEY = 'syncConfig';
const STATE_KEY = 'syncState';
/** Local edits come in bursts (typing notes): sync once they pause. */
const AFTER_EDIT_DELAY_MS = 5000;

/** The latest outcome in the contract's words, with progress while a sync runs (see the protocol). */
export type SyncState = SyncStateView;

export class SyncService {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<SyncState> | undefined;
  private queued: Promise<SyncState> | undefined;
  private progress: { done: number; total: number } | undefined;

  constructor(
    private readonly db: BackstoryDb,
    /** Called with the ids a sync changed locally (matcher, tabs). */
    private readonly onChanged: (ids: string[]) => Promise<void>,
    /** Called after each sync: true while the failsafe waits for `Continue` (the toolbar shows it). */
    private readonly onBlocked: (blocked: boolean) => Promise<void> = async () => undefined,
    /** Before each sync: large imports' packed entities become records, which sync reads (store.ts). */
    private readonly beforeSync: () => Promise<void> = async () => undefined,
    /** A better reason than "cannot be reached" (src/background/site-access.ts); absent in tests. */
    private readonly explainUnreachable?: (url: string) => Promise<string | undefined>,
  ) {}

  async settings(): Promise<SyncConfig | undefined> {
    const row = await this.db.meta.get(CONFIG_KEY);
    return row?.value as SyncConfig | undefined;
  }

  async saveSettings(config: SyncConfig): Promise<void> {
    await this.db.meta.put({ key: CONFIG_KEY, value: config });
  }

  async state(): Promise<SyncState | undefined> {
    const stored = (await this.db.meta.get(STATE_KEY))?.value as SyncState | undefined;
    return stored && this.current && this.progress ? { ...stored, progress: this.progress } : stored;
  }

  /**
   * Sync now. A call while a sync runs starts one more after it (that sync may have begun before
   * the edit the reader just made); calls made meanwhile share that next one.
   */
  run(options: { allowMassDeletion?: boolean } = {}): Promise<SyncState> {
    if (!this.current) return this.start(options);
    this.queued ??= this.current.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.start(options);
    });
    return this.queued;
  }

  private start(options: { allowMassDeletion?: boolean }): Promise<SyncState> {
    const running = this.runOnce(options).finally(() => {
      if (this.current === running) this.current = undefined;
    });
    this.current = running;
    return running;
  }

  /** On the alarm, or when the popup opens: sync if it is configured. */
  async runIfConfigured(): Promise<void> {
    if ((await this.settings())?.serverUrl) await this.run();
  }

  /** After a local edit: sync when the edits pause, if sync is configured. */
  afterLocalEdit(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runIfConfigured(), AFTER_EDIT_DELAY_MS);
  }

  private async runOnce(options: { allowMassDeletion?: boolean }): Promise<SyncState> {
    const config = await this.settings();
    const previous = await this.state();
    if (!config?.serverUrl) {
      return this.record({ status: 'Sync failed: no server is set up; fill in Server URL and Database first', ok: false, at: Date.now(), pending: previous?.pending ?? 0, needsContinue: false, lastSyncedAt: previous?.lastSyncedAt });
    }
    await this.record({ ...(previous ?? { ok: true, pending: 0, needsContinue: false }), status: SYNCING, at: Date.now() });
    let report: SyncReport;
    try {
      this.progress = undefined;
      await this.beforeSync();
      report = await syncOnce(this.db, config, {
        allowMassDeletion: options.allowMassDeletion,
        explainUnreachable: this.explainUnreachable,
        onProgress: ({ done, total }) => {
          this.progress = { done, total };
        },
      });
    } catch (error) {
      report = {
        ok: false, status: `Sync failed: ${error instanceof Error ? error.message : String(error)}`, changedIds: [], forbiddenIds: [],
        pulled: 0, pushed: 0, conflicts: 0, pending: previous?.pending ?? 0, forbidden: 0, blockedDeletions: 0, unresolved: 0, localCount: 0,
      };
    }
    this.progress = undefined;
    if (report.changedIds.length > 0) await this.onChanged(report.changedIds);
    await this.onBlocked(report.blockedDeletions > 0);
    const at = Date.now();
    return this.record({
      status: report.status,
      ok: report.ok,
      at,
      lastSyncedAt: report.ok ? at : previous?.lastSyncedAt,
      pending: report.pending,
      needsContinue: report.blockedDeletions > 0,
    });
  }

  private async record(state: SyncState): Promise<SyncState> {
    await this.db.meta.put({ key: STATE_KEY, value: state });
    return state;
  }
}
