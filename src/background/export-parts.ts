/**
 * An export handed to the options page in parts. One runtime message carries at most 64 MiB in
 * Chrome ("Message exceeded maximum allowed size of 64MiB"), and the export of a large store is
 * more: 127,791 corpus entities made 53.6 MB of JSON, and 60,000 entities with a page of notes
 * each made no download at all, without a word (found by a probe, 2026-12-07). The text is
 * made once and kept here while the page asks for its parts, each small enough for one message
 * whatever its characters (JSON escapes a character in at most 6 bytes).
 */

/** Characters per part: 8 Mi characters are at most 48 MiB in a message. */
export const PART_CHARS = 8 * 1024 * 1024;
/** An export nobody finishes reading is dropped after this long. */
const KEEP_MS = 120_000;

interface Pending {
  text: string;
  /** Where each part starts, and the text's length last. */
  cuts: number[];
  timer: ReturnType<typeof setTimeout>;
}

export class ExportParts {
  private readonly pending = new Map<string, Pending>();

  private readonly partChars: number;

  constructor(partChars = PART_CHARS) {
    this.partChars = Math.max(2, partChars); // a part always holds a whole surrogate pair
  }

  /** Keep `text` for reading in parts; returns its token and how many parts it has. */
  hold(text: string): { token: string; parts: number } {
    const token = crypto.randomUUID();
    const cuts = [0];
    for (let at = this.partChars; at < text.length; at += this.partChars) {
      // Never between the two halves of a surrogate pair: a lone half does not survive a message
      // (it is sent as UTF-8), and the file would get U+FFFD there.
      const code = text.charCodeAt(at - 1);
      const cut = code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
      cuts.push(cut);
      at = cut;
    }
    cuts.push(text.length);
    const timer = setTimeout(() => this.pending.delete(token), KEEP_MS);
    this.pending.set(token, { text, cuts, timer });
    return { token, parts: cuts.length - 1 };
  }

  /** Part `index` of the export `token`; reading the last one lets the export go. */
  part(token: string, index: number): string {
    const held = this.pending.get(token);
    // The worker stopped since the export began (its memory went with it), or it expired.
    if (!held) throw new Error('the export was interrupted; export again');
    const parts = held.cuts.length - 1;
    if (!Number.isInteger(index) || index < 0 || index >= parts) throw new Error(`the export has no part ${index}`);
    const text = held.text.slice(held.cuts[index], held.cuts[index + 1]);
    if (index === parts - 1) {
      clearTimeout(held.timer);
      this.pending.delete(token);
    }
    return text;
  }
}
