/** The options page: import and export, backups, site rules, storage. */
import { ImportExport } from './ImportExport';
import { Sites } from './Sites';
import { Subscriptions } from './Subscriptions';
import { Sync } from './Sync';

export function Options() {
  return (
    <main>
      <h1>Backstory</h1>
      <p class="muted">Your entities, their notes and where Backstory marks them.</p>
      <ImportExport />
      <Subscriptions />
      <Sync />
      <Sites />
    </main>
  );
}
