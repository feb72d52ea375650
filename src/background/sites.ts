/**
 * Per-site switch (`Highlight on this site`): a site is a host name. The list of switched-off
 * hosts is small and read on every page scan, so it is cached in memory.
 */
import type { BackstoryDb } from '../shared/db';

const KEY = 'disabledSites';

export class SiteRules {
  /**
   * One load shared by every caller: a woken worker gets a page's `match` and a popup's switch at
   * once, and two loads of their own each made a set, the later replacing the earlier after a
   * switch had changed it (the switch was written, but scans went by the stale set).
   */
  private disabled: Promise<Set<string>> | undefined;

  constructor(private readonly db: BackstoryDb) {}

  private load(): Promise<Set<string>> {
    this.disabled ??= this.db.meta.get(KEY).then(
      (row) => new Set(Array.isArray(row?.value) ? (row.value as string[]) : []),
      (error: unknown) => {
        this.disabled = undefined; // read again next time
        throw error;
      },
    );
    return this.disabled;
  }

  async isEnabled(host: string): Promise<boolean> {
    return !(await this.load()).has(host.toLowerCase());
  }

  async setEnabled(host: string, enabled: boolean): Promise<void> {
    const disabled = await this.load();
    if (enabled) disabled.delete(host.toLowerCase());
    else disabled.add(host.toLowerCase());
    await this.db.meta.put({ key: KEY, value: [...disabled] });
  }

  async list(): Promise<string[]> {
    return [...(await this.load())];
  }
}
