/**
 * The popup's search state: the query's total and the result rows fetched so far, by index. The
 * background answers page by page (`search` with `offset`), so the virtual list asks only for
 * what scrolls into view; an answer for an older query is dropped.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { send } from '../shared/messaging';
import type { EntitySummary } from '../shared/protocol';
import { PAGE_SIZE } from './results-window';

export interface SearchState {
  rows: ReadonlyMap<number, EntitySummary>;
  /** Undefined until the first answer. */
  total: number | undefined;
  want: (pages: number[]) => void;
  /** Ask again (after an edit, a delete, the starter pack). */
  refresh: () => void;
}

export function useSearch(query: string): SearchState {
  const [rows, setRows] = useState<ReadonlyMap<number, EntitySummary>>(new Map());
  const [total, setTotal] = useState<number>();
  const generation = useRef(0);
  const asked = useRef(new Set<number>());
  const [refreshes, setRefreshes] = useState(0);

  const fetchPage = useCallback((page: number, gen: number, q: string) => {
    asked.current.add(page);
    send('search', { query: q, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
      .then((answer) => {
        if (gen !== generation.current) return; // a newer keystroke's answer wins
        setTotal(answer.total);
        // Page 0 starts the rows afresh: pages asked before it are asked again as they show.
        if (page === 0) asked.current = new Set([0]);
        setRows((prev) => {
          const next = page === 0 ? new Map<number, EntitySummary>() : new Map(prev);
          answer.results.forEach((row, i) => next.set(page * PAGE_SIZE + i, row));
          return next;
        });
      })
      .catch(() => asked.current.delete(page));
  }, []);

  // A layout effect, not useEffect: Preact runs effects only after the next frame is painted
  // (requestAnimationFrame), which held every keystroke's question back by up to a frame before
  // it even left for the background.
  useLayoutEffect(() => {
    const gen = ++generation.current;
    asked.current = new Set();
    fetchPage(0, gen, query);
  }, [query, refreshes, fetchPage]);

  const want = useCallback(
    (pages: number[]) => {
      for (const page of pages) if (!asked.current.has(page)) fetchPage(page, generation.current, query);
    },
    [query, fetchPage],
  );

  return { rows, total, want, refresh: () => setRefreshes((n) => n + 1) };
}
