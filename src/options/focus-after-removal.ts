/**
 * Where focus goes when the row whose button had it is removed from a list (`Unsubscribe`,
 * `Bring back`): the button of the row that took its place, else of the row before, else the
 * section's heading. Left alone, focus fell to `<body>`, and a screen-reader user was sent back
 * to the top of the page (WCAG 2.4.3; found by an accessibility probe, 2026-12-07).
 *
 * `removing(index)` is called as the row is removed; once the list's items change, focus moves.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function useFocusAfterRemoval(
  items: unknown,
  list: RefObject<HTMLElement>,
  heading: RefObject<HTMLElement>,
): (index: number) => void {
  const pending = useRef<number | null>(null);
  useEffect(() => {
    const index = pending.current;
    if (index === null) return;
    pending.current = null;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>(':scope > li > button') ?? [];
    const target = buttons.length > 0 ? buttons[Math.min(index, buttons.length - 1)] : heading.current;
    target?.focus();
  }, [items]);
  return (index: number) => {
    pending.current = index;
  };
}
