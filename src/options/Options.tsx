/** The options page: import and export, backups, starter pack, subscriptions, sync, sites, appearance, storage, recently deleted. */
import { useState } from 'preact/hooks';
import { useEntitiesChanged } from '../ui/entities-changed';
import { t } from '../ui/i18n';
import { Appearance } from './Appearance';
import { DeleteAll } from './DeleteAll';
import { ImportExport } from './ImportExport';
import { RecentlyDeleted } from './RecentlyDeleted';
import { Sites } from './Sites';
import { StarterPack } from './StarterPack';
import { Storage } from './Storage';
import { Subscriptions } from './Subscriptions';
import { Sync } from './Sync';

export function Options() {
  // Bumped by anything that changes the whole store, so counts and backups are read again.
  const [storeVersion, setStoreVersion] = useState(0);
  const storeChanged = () => setStoreVersion((v) => v + 1);
  // Also when the change came from elsewhere (a sync, the popup, a subscribed list).
  useEntitiesChanged(storeChanged);
  return (
    <main>
      <h1>{t('appName')}</h1>
      <p class="muted">{t('optionsIntro')}</p>
      <ImportExport storeVersion={storeVersion} onStoreChanged={storeChanged} />
      <StarterPack onLoaded={storeChanged} />
      <Subscriptions />
      <Sync />
      <Sites />
      <Appearance />
      <Storage storeVersion={storeVersion} />
      <RecentlyDeleted storeVersion={storeVersion} onBroughtBack={storeChanged} />
      <DeleteAll onDeleted={storeChanged} />
    </main>
  );
}
