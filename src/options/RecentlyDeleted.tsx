/**
 * `Recently deleted`: the trash, newest first, each entity with `Bring back`. The popup's `Undo`
 * lasts as long as that popup; this list keeps every deleted entity (with its notes) within reach
 * (src/background/trash.ts says what lands there).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Responses } from '../shared/protocol';
import { send } from '../shared/messaging';
import { t } from '../ui/i18n';
import { useFocusAfterRemoval } from './focus-after-removal';

const FIRST = 20;
const MORE = 100;
const MOST = 500;

export function RecentlyDeleted(props: { storeVersion?: number; onBroughtBack: () => void }) {
  const [limit, setLimit] = useState(FIRST);
  const [trash, setTrash] = useState<Responses['listTrash']>();
  const [status, setStatus] = useState('');
  const load = () => void send('listTrash', { limit }).then(setTrash);
  useEffect(load, [limit, props.storeVersion]);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const removing = useFocusAfterRemoval(trash, listRef, headingRef);

  const bringBack = async (row: { id: string; name: string }, index: number) => {
    const { ok } = await send('undoDelete', { id: row.id });
    setStatus(ok ? t('broughtBack', row.name) : t('notBroughtBack', row.name));
    if (ok) removing(index);
    load();
    if (ok) props.onBroughtBack();
  };

  return (
    <section aria-labelledby="h-trash">
      <h2 id="h-trash" ref={headingRef} tabIndex={-1}>{t('recentlyDeletedTitle')}</h2>
      <p class="muted">{t('recentlyDeletedText')}</p>
      {trash && trash.total === 0 && <p class="muted">{t('recentlyDeletedEmpty')}</p>}
      {trash && trash.items.length > 0 && (
        <ul class="backups" ref={listRef}>
          {trash.items.map((row, i) => (
            <li key={row.id}>
              {/* Stored text, shown as text (Preact escapes it). Ids by position: an entity's id
                  may hold a space, which would split an IDREF list. */}
              <span id={`trash-${i}`}>{row.name}</span>
              <span class="muted small">{t(`type_${row.type}`)} · {t('deletedOn', new Date(row.deletedAt).toLocaleString())}</span>
              <button type="button" aria-describedby={`trash-${i}`} onClick={() => void bringBack(row, i)}>{t('bringBack')}</button>
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
