/**
 * Checks a fetched copy of a list must pass before it may replace the copy we keep
 * (issue 6: "rejects HTML or empty bodies … and copies older than the one it has").
 * Pure: the background decides what to do with the answer.
 */

/** Bodies larger than this are refused before parsing: a list is names, not a data dump. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

/**
 * Why a body cannot be a list, or undefined when it may be parsed. HTML is caught by its
 * content type or by markup at the start (`<html`, `<!doctype`: a captive portal or error page
 * served with 200 and a wrong type); a JSON list starts with `{` or `[`.
 */
export function bodyProblem(bytes: Uint8Array, contentType: string | null): string | undefined {
  if (bytes.byteLength > MAX_LIST_BYTES) {
    return `the list is too large (${Math.round(bytes.byteLength / 1_048_576)} MB; at most ${MAX_LIST_BYTES / 1_048_576} MB)`;
  }
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') {
    return 'the server sent a web page (HTML), not a list';
  }
  const first = firstSignificantByte(bytes);
  if (first === undefined) return 'the list is empty';
  // `<` then a letter, `!` (`<!doctype`, `<!--`), `?` (`<?xml`) or `/`: markup. Other text that
  // starts with `<` is left to the parsers, which say it is neither JSON nor CSV.
  if (first.byte === 0x3c /* < */ && isMarkupStart(bytes[first.at + 1])) return 'the server sent a web page (HTML), not a list';
  return undefined;
}

function isMarkupStart(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x21 || b === 0x3f || b === 0x2f);
}

/** The first byte that is not white space or part of a UTF-8 byte-order mark, and where it is. */
function firstSignificantByte(bytes: Uint8Array): { byte: number; at: number } | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return { byte: b, at: i };
  }
  return undefined;
}

/**
 * Why the incoming copy is older than the kept one, or undefined. Only dates both sides give
 * and that parse are compared: a list without `lastModified` cannot be judged older, and an
 * equal date is the same edition (accepted).
 */
export function olderCopyProblem(incoming: string | undefined, kept: string | undefined): string | undefined {
  if (incoming === undefined || kept === undefined) return undefined;
  const a = Date.parse(incoming);
  const b = Date.parse(kept);
  if (Number.isNaN(a) || Number.isNaN(b) || a >= b) return undefined;
  return `this copy (last modified ${incoming}) is older than the one already kept (${kept})`;
}
