/**
 * Bytes of an imported file to text. Spreadsheets write CSV as UTF-8 with a byte-order mark,
 * as UTF-16 ("Unicode text"), or in the Windows code page of the machine (Windows-1252 in the
 * West); the file input gives us bytes and no charset, so we look at the bytes themselves.
 */

/** Windows-1252 bytes 0x80-0x9F (the WHATWG index); every other byte is its own code point. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Windows-1252 decoding by table. Not `TextDecoder('windows-1252')`: Node since 20.18.3 decodes
 * it as Latin-1 (0x92 becomes U+0092, not ’), https://github.com/nodejs/node/issues/60888, and the
 * table is the same everywhere.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const chunks: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) => (b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b));
    chunks.push(String.fromCharCode(...codes));
  }
  return chunks.join('');
}

/**
 * UTF-16 written without a byte-order mark (some converters and `iconv -t UTF-16LE` do), told by
 * its zero bytes: text in UTF-8 or Windows-1252 has none, while UTF-16 of text with any Latin
 * letters, digits, punctuation or line ends has a zero in the high byte of most units. The same
 * test as RFC 4627 §3 uses for JSON, over the first 512 bytes rather than the first four.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = n / 2;
  // Zeros mostly on one side: a quarter of the units or more there, few on the other (the low
  // byte of a letter such as U+4E00 一 is zero too).
  if (oddZeros * 4 >= units && evenZeros * 16 <= units) return 'utf-16le';
  if (evenZeros * 4 >= units && oddZeros * 16 <= units) return 'utf-16be';
  return undefined;
}

/**
 * The text of a file: BOM-marked UTF-8 or UTF-16, UTF-16 told by its zero bytes, else UTF-8 if it
 * is valid, else Windows-1252.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);
  try {
    // fatal: an invalid sequence throws, which is how we tell a Windows-1252 file apart.
    return stripBom(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return decodeWindows1252(bytes);
  }
}

/** Drops one leading U+FEFF (a byte-order mark that survived decoding, or came in a string). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
