/**
 * The arithmetic of the virtual result list, pure so tests cover it: which rows to render for a
 * scroll position, which pages of results to ask the background for, and where to scroll so a
 * row the keyboard moved to is in view.
 */
/** Must equal the rows' CSS height in popup.html (38px: room for a namesake's second line). */
export const ROW_HEIGHT = 38;
/** Rows rendered beyond the visible ones, above and below (smooth scrolling, no blank flashes). */
export const OVERSCAN = 6;
export const PAGE_SIZE = 50;

export function visibleRange(scrollTop: number, viewHeight: number, total: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + viewHeight) / ROW_HEIGHT) + OVERSCAN);
  return { first, last: Math.max(first, last) };
}

/** Page numbers (of PAGE_SIZE) covering rows [first, last). */
export function pagesFor(first: number, last: number): number[] {
  if (last <= first) return [];
  const pages: number[] = [];
  for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor((last - 1) / PAGE_SIZE); p++) pages.push(p);
  return pages;
}

/** The scrollTop that shows row `index` whole, moving as little as possible. */
export function scrollToShow(index: number, scrollTop: number, viewHeight: number): number {
  const top = index * ROW_HEIGHT;
  if (top < scrollTop) return top;
  if (top + ROW_HEIGHT > scrollTop + viewHeight) return top + ROW_HEIGHT - viewHeight;
  return scrollTop;
}

/** The row a navigation key moves to from `index` (-1: back to the search field). */
export function nextIndex(key: string, index: number, total: number, pageRows: number): number | undefined {
  switch (key) {
    case 'ArrowDown': return Math.min(total - 1, index + 1);
    case 'ArrowUp': return index - 1;
    case 'PageDown': return Math.min(total - 1, index + pageRows);
    case 'PageUp': return Math.max(0, index - pageRows);
    case 'Home': return 0;
    case 'End': return total - 1;
    default: return undefined;
  }
}
