/** Storage used by the extension (`navigator.storage.estimate()`) and the number of entities. */
import { useEffect, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import { plural, t } from '../ui/i18n';

/** Bytes in words: 1.2 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function Storage(props: { storeVersion: number }) {
  const [usage, setUsage] = useState<number>();
  const [count, setCount] = useState<number>();

  useEffect(() => {
    void navigator.storage?.estimate?.().then((e) => setUsage(e.usage)).catch(() => undefined);
    void send('stats', {}).then((s) => setCount(s.entities));
  }, [props.storeVersion]);

  return (
    <section aria-labelledby="h-storage">
      <h2 id="h-storage">{t('storageTitle')}</h2>
      <p>
        {count === undefined ? t('loading') : plural(count, 'entityCount_one', 'entityCount_other')}
        {usage !== undefined && ` · ${t('storageUsed', formatBytes(usage))}`}
      </p>
    </section>
  );
}
