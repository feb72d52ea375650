/**
 * `Recently deleted`: the trash, newest first, each entity with `Bring back`. The popup's `Undo`
 * lasts as long as that popup; this list keeps every deleted entity (with its notes) within reach
 * (src/background/trash.ts says what lands there).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Responses } from '../shared/protocol';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';

const FIRST = 20;
const MORE = 100;
const MOST = 500;

export function RecentlyDeleted(props: { storeVersion?: number; onBroughtBack: () => void }) {
  const [limit, setLimit] = useState(FIRST);
  const [trash, setTrash] = useState<Responses['listTrash']>();
  const [status, setStatus] = useState('');
  const load = () => void send('listTrash', { limit }).then(setTrash);
  useEffect(load, [limit, props.storeVersion]);

  const bringBack = async (row: { id: string; name: string }) => {
    const { ok } = await send('undoDelete', { id: row.id });
    setStatus(ok ? t('broughtBack', row.name) : t('notBroughtBack', row.name));
    load();
    if (ok) props.onBroughtBack();
  };

  return (
    <section aria-labelledby="h-trash">
      <h2 id="h-trash">{t('recentlyDeletedTitle')}</h2>
      <p class="muted">{t('recentlyDeletedText')}</p>
      {trash && trash.total === 0 && <p class="muted">{t('recentlyDeletedEmpty')}</p>}
      {trash && trash.items.length > 0 && (
        <ul class="backups">
          {trash.items.map((row) => (
            <li key={row.id}>
              {/* Stored text, shown as text (Preact escapes it). */}
              <span id={`trash-${row.id}`}>{row.name}</span>
              <span class="muted small">{t(`type_${row.type}`)} · {t('deletedOn', new Date(row.deletedAt).toLocaleString())}</span>
              <button type="button" aria-describedby={`trash-${row.id}`} onClick={() => void bringBack(row)}>{t('bringBack')}</button>
            </li>
          ))}
        </ul>
      )}
      {trash && trash.total > trash.items.length && (
        <p class="row">
          <span class="muted">{t('recentlyDeletedMore', trash.total - trash.items.length)}</span>
          {limit < MOST && <button type="button" onClick={() => setLimit(Math.min(MOST, limit + MORE))}>{t('showMore')}</button>}
        </p>
      )}
      <p role="status" class="status ok">{status}</p>
    </section>
  );
}
