/**
 * A text that is only taken once it has stopped changing: what a live region should say about a
 * field the reader is typing in. The editor's link error names the line being typed
 * (`Line 1: “htt” is not a web address`), so a live region fed every keystroke would speak at
 * every keystroke; fed this, it speaks once the reader pauses. An empty text is taken at once, so
 * that the same error made again later is spoken again.
 */
import { useEffect, useState } from 'preact/hooks';

/** How long the reader must pause before an error is spoken. */
export const SETTLE_MS = 1000;

export function useSettled(text: string, ms = SETTLE_MS): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    if (text === '') {
      setSettled('');
      return undefined;
    }
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}
