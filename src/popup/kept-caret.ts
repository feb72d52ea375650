/**
 * The focused field's caret stays where the reader was typing when a text from the store comes
 * into the field (a line an import appended below the notes, merged with what the reader typed):
 * setting a field's value puts the caret at its end, and the next keys landed after the imported
 * line (found in testing, 2026-12-07). The caret moves with the text before it: a change after it
 * leaves it where it is, a change before it shifts it by the change's length.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

type Field = HTMLInputElement | HTMLTextAreaElement;

/**
 * Returns `keep(was, next)`, to call before the fields' texts change from `was` to `next`;
 * `fieldOf` names the text an element shows (undefined: not one of ours).
 */
export function useKeptCaret<T extends object>(fieldOf: (el: Field) => keyof T | undefined): (was: T, next: T) => void {
  const caret = useRef<{ field: Field; start: number; end: number } | null>(null);
  useLayoutEffect(() => {
    const c = caret.current;
    if (!c) return;
    caret.current = null;
    if (document.activeElement === c.field) c.field.setSelectionRange(c.start, c.end);
  });
  return (was, next) => {
    const el = document.activeElement;
    if (!(el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement)) return;
    const field = fieldOf(el);
    if (field === undefined || el.selectionStart === null || el.selectionEnd === null) return;
    const before = String(was[field] ?? '');
    const after = String(next[field] ?? '');
    if (before === after) return;
    let same = 0;
    while (same < before.length && same < after.length && before.charCodeAt(same) === after.charCodeAt(same)) same++;
    const shift = (at: number) => (at <= same ? at : Math.max(same, at + after.length - before.length));
    caret.current = { field: el, start: shift(el.selectionStart), end: shift(el.selectionEnd) };
  };
}
