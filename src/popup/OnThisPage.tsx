/** `On this page`: the entities the current tab mentions, with their counts. */
import { useEffect, useState } from 'preact/hooks';
import { sendToTab } from '../shared/messaging';
import type { TabResponses } from '../shared/protocol';

type Row = TabResponses['pageMentions']['mentions'][number];

export function OnThisPage(props: { tabId: number; onChoose: (id: string) => void }) {
  const [rows, setRows] = useState<Row[] | undefined>();

  useEffect(() => {
    // Only the top frame answers for the page (frame 0).
    sendToTab(props.tabId, 'pageMentions', {}, 0)
      .then((answer) => setRows(answer?.mentions ?? []))
      .catch(() => setRows([]));
  }, [props.tabId]);

  return (
    <section class="section" aria-labelledby="on-this-page">
      <h2 id="on-this-page">On this page</h2>
      {rows === undefined ? <p class="muted">Looking…</p>
        : rows.length === 0 ? <p class="muted">No entity is mentioned on this page.</p>
        : (
          <ul class="mentions">
            {rows.map((r) => (
              <li key={r.id}>
                <button type="button" class="link" onClick={() => props.onChoose(r.id)}>{r.name}</button>
                <span class="muted" aria-label={`${r.count} mentions`}>{r.count}</span>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
