/**
 * Per-site switch (`Highlight on this site`): a site is a host name. The list of switched-off
 * hosts is small and read on every page scan, so it is cached in memory.
 */
import type { BackstoryDb } from '../shared/db';

const KEY = 'disabledSites';

export class SiteRules {
  private disabled: Set<string> | undefined;

  constructor(private readonly db: BackstoryDb) {}

  private async load(): Promise<Set<string>> {
    if (!this.disabled) {
      const row = await this.db.meta.get(KEY);
      this.disabled = new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
    }
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
