/**
 * `On this page`: the entities the current tab mentions, with their counts. Choosing a name
 * scrolls the tab to that entity's next mention and flashes it (`revealMention`, answered by
 * src/content/reveal.ts); `Edit` opens it in the editor.
 *
 * The name is a link (it goes to a place in the page) and `Edit` is named `Edit`, described by
 * the name: the only buttons whose names hold an entity's name are the search results (CONTRACT
 * §4), so finding a result by its name never also finds a row here.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { sendToTab } from '../shared/messaging';
import type { TabResponses } from '../shared/protocol';
import { useEntitiesChanged } from '../ui/entities-changed';
import { plural, t } from '../ui/i18n';

type Row = TabResponses['pageMentions']['mentions'][number];

/** How often the list asks the tab again while the popup is open. */
const REFRESH_MS = 2000;

function sameRows(a: readonly Row[], b: readonly Row[]): boolean {
  return a.length === b.length && a.every((r, i) => r.id === b[i].id && r.name === b[i].name && r.count === b[i].count);
}

export function OnThisPage(props: { tabId: number; onEdit: (id: string) => void }) {
  const [rows, setRows] = useState<Row[] | undefined>();
  const [where, setWhere] = useState('');

  const ask = useCallback(() => {
    // Only the top frame answers for the page (frame 0).
    sendToTab(props.tabId, 'pageMentions', {}, 0)
      .then((answer) => answer?.mentions ?? [])
      .catch((): Row[] => [])
      // The same rows keep the same state object: nothing re-renders under the reader's focus.
      .then((next) => setRows((rows) => (rows && sameRows(rows, next) ? rows : next)));
  }, [props.tabId]);

  useEffect(() => {
    ask();
    // The page's own changes (a live page) reach the list while the popup stays open.
    const timer = setInterval(ask, REFRESH_MS);
    return () => clearInterval(timer);
  }, [ask]);
  // An entity deleted, renamed or added here (or by a sync): the tab has rescanned by the time
  // the burst of changes is over (about 45 ms, docs/page.md), so ask again then.
  useEntitiesChanged(ask);

  const reveal = async (row: Row) => {
    try {
      const answer = await sendToTab(props.tabId, 'revealMention', { id: row.id }, 0);
      setWhere(answer?.found ? t('revealedMention', row.name, answer.index + 1, answer.count) : t('revealNotFound', row.name));
    } catch {
      setWhere(t('revealNotFound', row.name));
    }
  };

  return (
    <section class="section" aria-labelledby="on-this-page">
      <h2 id="on-this-page">{t('onThisPage')}</h2>
      {rows === undefined ? <p class="muted">{t('looking')}</p>
        : rows.length === 0 ? <p class="muted">{t('noMentions')}</p>
        : (
          <ul class="mentions">
            {rows.map((r, i) => (
              <li key={r.id}>
                <a id={`mention-${i}`} href={`#${encodeURIComponent(r.id)}`} class="link" title={t('revealHint')}
                  onClick={(event) => { event.preventDefault(); void reveal(r); }}>{r.name}</a>
                {/* The figure for the eye, words for screen readers (an aria-label on a plain span is often not read). */}
                <span class="count muted"><span aria-hidden="true">{r.count}</span><span class="sr-only">{plural(r.count, 'mentionCount_one', 'mentionCount_other')}</span></span>
                <button type="button" class="small" aria-describedby={`mention-${i}`} onClick={() => props.onEdit(r.id)}>{t('edit')}</button>
              </li>
            ))}
          </ul>
        )}
      <p class="muted small" aria-live="polite">{where}</p>
    </section>
  );
}
