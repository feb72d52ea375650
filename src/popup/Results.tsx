/**
 * The search results: a virtual list (only the rows in view are in the DOM, so 100k results
 * cost what 20 do), its pages asked from the background as they scroll into view. Each row is a
 * button named by the entity's name (CONTRACT §4). Keyboard: from the search field ArrowDown
 * enters the list; ArrowUp/ArrowDown, PageUp/PageDown, Home/End move; Enter opens; ArrowUp on the
 * first row or Escape goes back to the field. One row is in the Tab order (roving tabindex), so
 * Tab leaves the list for the editor.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { EntitySummary } from '../shared/protocol';
import { t } from '../ui/i18n';
import { nextIndex, pagesFor, ROW_HEIGHT, scrollToShow, visibleRange } from './results-window';

export interface ResultsProps {
  /** Results by index; missing ones are being fetched. */
  rows: ReadonlyMap<number, EntitySummary>;
  total: number;
  /** Ask for the pages covering these rows. */
  want: (pages: number[]) => void;
  selectedId?: string;
  onOpen: (row: EntitySummary) => void;
  /** Give the focus back to the search field. */
  onLeave: () => void;
  /** Incremented by the search field's ArrowDown: focus the first row. */
  enterSignal: number;
  /** Changes with every new query: the list starts again at the top. */
  queryKey: string;
}

const VIEW_HEIGHT = 8 * ROW_HEIGHT;

export function Results(props: ResultsProps) {
  const { rows, total, want } = props;
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const viewHeight = Math.min(VIEW_HEIGHT, total * ROW_HEIGHT);
  const { first, last } = visibleRange(scrollTop, VIEW_HEIGHT, total);

  useEffect(() => want(pagesFor(first, last)), [first, last, total, want]);

  // A new result set starts at the top.
  useEffect(() => {
    setActive(0);
    setScrollTop(0);
    if (box.current) box.current.scrollTop = 0;
  }, [props.queryKey]);

  const moveTo = (index: number) => {
    if (total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, index));
    setActive(clamped);
    const el = box.current;
    if (el) {
      const next = scrollToShow(clamped, el.scrollTop, el.clientHeight || VIEW_HEIGHT);
      el.scrollTop = next;
      setScrollTop(next);
    }
    // Rendered already (no re-render will come when nothing changed): focus now; else after render.
    const button = el?.querySelector<HTMLButtonElement>(`button[data-index="${clamped}"]`);
    if (button) button.focus();
    else focusPending.current = true;
  };

  useEffect(() => {
    if (props.enterSignal > 0) moveTo(0);
  }, [props.enterSignal]);

  // Focus the active row once it is rendered (it may have just scrolled into the window).
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    const button = box.current?.querySelector<HTMLButtonElement>(`button[data-index="${active}"]`);
    if (button) {
      focusPending.current = false;
      button.focus();
    }
  });

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onLeave();
      return;
    }
    const pageRows = Math.max(1, Math.floor(VIEW_HEIGHT / ROW_HEIGHT) - 1);
    const next = nextIndex(event.key, index, total, pageRows);
    if (next === undefined) return;
    event.preventDefault();
    if (next < 0) props.onLeave();
    else moveTo(next);
  };

  if (total === 0) return null;
  const items = [];
  for (let i = first; i < last; i++) {
    const row = rows.get(i);
    // Keyed by entity, not by position: when the results change under the pointer (a sync that
    // finished as the popup opened re-runs the search), a click lands on the entity whose name
    // was under it, never on a reused button relabelled with the next result.
    items.push(
      <li key={row ? `e:${row.id}` : `i:${i}`} aria-setsize={total} aria-posinset={i + 1} style={`top:${i * ROW_HEIGHT}px`}>
        {row ? (
          <button type="button" data-index={i} tabIndex={i === active ? 0 : -1}
            aria-current={row.id === props.selectedId ? 'true' : undefined}
            onClick={() => { setActive(i); props.onOpen(row); }}
            onKeyDown={(e) => onKeyDown(e, i)}
            onFocus={() => setActive(i)}
            class={row.detail ? 'has-detail' : undefined}
            aria-describedby={describedBy(row, i)}>
            <span class="name">{row.name}</span>
            {/* Named by the entity's name alone (CONTRACT §4); the alias that matched, for a
                namesake the start of its summary, and the type are its description (the type
                was shown only to sighted readers until 2026-12-07; found by a probe). */}
            {row.matchedAlias && <span id={`alias-${i}`} class="alias muted" aria-hidden="true">{row.matchedAlias}</span>}
            {row.detail && <span id={`detail-${i}`} class="detail muted" aria-hidden="true" title={row.detail}>{row.detail}</span>}
            <span id={`type-${i}`} class="type-badge" aria-hidden="true">{t(`type_${row.type}`)}</span>
          </button>
        ) : (
          <span class="placeholder muted" data-index={i}>{t('loading')}</span>
        )}
      </li>,
    );
  }
  return (
    // tabIndex -1: Firefox makes a scrolling box a Tab stop of its own, between the search field
    // and the rows (whose roving tabindex is the way in); a probe found it.
    <div ref={box} class="results" tabIndex={-1} style={`height:${viewHeight}px`} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul aria-label={t('resultsLabel')} style={`height:${total * ROW_HEIGHT}px`}>{items}</ul>
    </div>
  );
}

function describedBy(row: EntitySummary, i: number): string {
  return [row.matchedAlias ? `alias-${i}` : '', row.detail ? `detail-${i}` : '', `type-${i}`].filter(Boolean).join(' ');
}
