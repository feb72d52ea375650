/**
 * Ids made from names (CONTRACT §2: an absent `id` is made from the name, suffixed `-2`, `-3`…).
 *
 * The id should stay readable in every script, because readers see it in exported files and in
 * CouchDB document ids (`entity:<id>`). So: NFKD, lower case, Latin/Greek/Cyrillic diacritics
 * dropped (the same letters the matcher folds, CONTRACT §3 rule 2), letters and digits of every
 * other script kept with their marks (`राजनाथ सिंह` → `राजनाथ-सिंह`, `中谷元` → `中谷元`),
 * everything else a single `-`.
 */

/** Letters that carry no combining mark in Unicode but that readers expect folded. */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd',
};

const FOLDED_SCRIPTS = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const MARK = /\p{M}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Longest id made from a name, in code points: ids travel in URLs and document ids. */
const MAX_SLUG_LENGTH = 80;

/** The id a name gives before collisions are considered; never empty, never starting with `_`. */
export function slugify(name: string): string {
  let out = '';
  // Whether the last base character belongs to a script whose marks are folded away.
  let foldMarks = false;
  for (const ch of name.normalize('NFKD').toLowerCase()) {
    if (MARK.test(ch)) {
      if (!foldMarks) out += ch;
      continue;
    }
    foldMarks = FOLDED_SCRIPTS.test(ch);
    out += LETTER_OR_DIGIT.test(ch) ? (SPECIAL_FOLDS[ch] ?? ch) : '-';
  }
  // `_` is not a letter, so it has already become `-` and is trimmed here with the rest.
  let slug = out.replace(/-+/g, '-').replace(/^-|-$/g, '').normalize('NFC');
  const codePoints = [...slug];
  if (codePoints.length > MAX_SLUG_LENGTH) slug = codePoints.slice(0, MAX_SLUG_LENGTH).join('').replace(/-$/, '');
  return slug === '' ? 'entity' : slug;
}

/**
 * Hands out ids that collide with none taken so far: the base itself, else `base-2`, `base-3`…
 * Remembers the next suffix per base, so a file of 1,000 "Springfield"s stays linear.
 */
export class IdAllocator {
  private readonly taken: Set<string>;
  private readonly nextSuffix = new Map<string, number>();

  constructor(taken: Iterable<string> = []) {
    this.taken = new Set(taken);
  }

  /** Marks an id as used (an explicit id of the file, or one in the store). */
  reserve(id: string): void {
    this.taken.add(id);
  }

  has(id: string): boolean {
    return this.taken.has(id);
  }

  /** A free id made from `base`, reserved at once. */
  allocate(base: string): string {
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(id)) id = `${base}-${n++}`;
    this.nextSuffix.set(base, n);
    this.taken.add(id);
    return id;
  }
}

/** One id made from `name` that is not in `existing` (for entities made outside an import). */
export function uniqueIdFor(name: string, existing: Iterable<string>): string {
  return new IdAllocator(existing).allocate(slugify(name));
}
