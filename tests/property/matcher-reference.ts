/**
 * A deliberately naive matcher written straight from CONTRACT §3, to check the real one
 * against: every stretch of every block is normalized with whole-string operations and compared
 * with every form of every entity. Slow (cubic and worse), obviously right, shares no code with
 * src/core/matcher or src/core/text.
 */
import type { EntityType } from '../../src/core/entities/entity';
import type { MatchEntry, Mention } from '../../src/core/matcher/types';

const IGNORED = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const isIgnored = (ch: string): boolean => /^[\u00AD\u200B-\u200D\u2060\uFEFF]$/.test(ch);
const isMark = (ch: string): boolean => /^\p{M}$/u.test(ch) || ch === '\uFF9E' || ch === '\uFF9F';
const isSpace = (ch: string): boolean => /^[\s\u0085]$/u.test(ch) && ch !== '\uFEFF';
const isApostrophe = (ch: string): boolean => /^['\u2018\u2019\u201B\u02BC\uFF07]$/.test(ch);
const isKatakana = (ch: string): boolean => /^[\p{Script=Katakana}\u30FC\uFF70]$/u.test(ch) && /^[\p{L}\p{M}\p{Nd}\p{Nl}]$/u.test(ch);
const isNoSpace = (ch: string): boolean =>
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]$/u.test(ch) && /^[\p{L}\p{M}\p{Nd}\p{Nl}]$/u.test(ch);
/** A letter, digit or combining mark of a script written with spaces (rule 4). */
const isSpacedWordChar = (ch: string): boolean =>
  /^[\p{L}\p{M}\p{Nd}\p{Nl}]$/u.test(ch) && !isApostrophe(ch) && !isKatakana(ch) && !isNoSpace(ch) && ch !== '\uFF9E' && ch !== '\uFF9F';
const isUpper = (ch: string): boolean => ch.toLowerCase() !== ch;
// A title-case letter (`ǅ`, `ᾼ`) changes both ways: a capital, never lower case.
const isLower = (ch: string): boolean => ch.toUpperCase() !== ch && ch.toLowerCase() === ch;
const isLetter = (ch: string): boolean => /^\p{L}$/u.test(ch);

/** Rule 2 on a whole string. */
export function norm(s: string): string {
  let t = s.replace(IGNORED, '');
  t = t.replace(/[\uFF00-\uFFEF]/g, (c) => c.normalize('NFKC'));
  t = [...t].map((c) => (isApostrophe(c) ? "'" : c)).join('');
  // Letters only (rule 2): `Ⅻ` is of the Latin script but a number, and keeps its marks.
  // Of the marks after such a letter, only those of no one script (Inherited, Common) and of those
  // three scripts go: a Devanagari vowel sign or a Hebrew point stays, part of the letter.
  t = t.normalize('NFD').replace(/((?=\p{L})[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])(\p{M}+)/gu,
    (_, letter: string, marks: string) => letter + marks.replace(/(?=\p{M})[\p{Script=Inherited}\p{Script=Common}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/gu, ''));
  t = t.toLowerCase().replace(/[øłđħıßς]/g, (c) => ({ ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', ß: 'ss', ς: 'σ' })[c] ?? c);
  return t.normalize('NFC').replace(/[\s\u0085]+/gu, ' ');
}

type CaseKind = 'none' | 'capital' | 'allcaps';
function caseKind(word: string): CaseKind {
  const letters = [...word].filter(isLetter);
  if (letters.filter(isUpper).length >= 2 && !letters.some(isLower)) return 'allcaps';
  return letters.length > 0 && isUpper(letters[0]) ? 'capital' : 'none';
}
function pageWordOk(word: string, kind: CaseKind): boolean {
  const letters = [...word].filter(isLetter);
  if (kind === 'allcaps') return !letters.some(isLower);
  if (kind === 'capital') return letters.length === 0 || isUpper(letters[0]);
  return true;
}

interface Form { entity: MatchEntry; text: string; short: boolean; key?: string; activates: string[] }

const SUFFIX = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** Words of a form as written and as folded (split at white space and `・`). */
function words(form: string): Array<{ raw: string; folded: string }> {
  // Marks after `・` belong to it (they are not a word); marks after a space start one.
  return form.replace(IGNORED, '').split(/(?:[\s\u0085]|[・･]\p{M}*)+/u).filter((w) => norm(w) !== '').map((raw) => ({ raw, folded: norm(raw) }));
}
function surname(form: string): string | null {
  const ws = words(form);
  if (ws.length < 2) return null;
  for (let i = ws.length - 1; i >= 0; i--) {
    // Trailing commas and full stops are not part of the word, marks on them included (`Jr.̈` is Jr).
    const raw = ws[i].raw.replace(/(?:[,.]\p{M}*)+$/u, '');
    if (norm(raw) === '' || SUFFIX.has(norm(raw))) continue;
    return raw;
  }
  return null;
}

function formsOf(entries: MatchEntry[], common: ReadonlySet<string>): Form[] {
  const out: Form[] = [];
  const byId = new Map<string, MatchEntry>();
  for (const e of entries) byId.set(e.id, e);
  for (const e of byId.values()) {
    const guarded = (t: string): boolean => e.guard === true && !norm(t).trim().includes(' ') && common.has(norm(t).trim());
    const nameSn = e.type === 'person' ? surname(e.name) : null;
    const keys = new Set<string>();
    [e.name, ...e.aliases].forEach((f, i) => {
      const text = f.replace(IGNORED, '').trim();
      if (norm(text).trim() === '') return;
      const sn = e.type === 'person' ? surname(f) : null;
      const activates: string[] = [];
      // The name or any alias of two words or more makes the name's surname valid.
      if (nameSn && words(f).length >= 2) activates.push(norm(nameSn));
      if (sn && i > 0) activates.push(norm(sn));
      if (!guarded(text)) out.push({ entity: e, text, short: false, activates });
      if (sn && !keys.has(norm(sn)) && !guarded(sn)) {
        keys.add(norm(sn));
        out.push({ entity: e, text: sn, short: true, key: norm(sn), activates: [] });
      }
    });
  }
  return out;
}

/** The character that the last cluster of `t` is built on (a mark after space or nothing is its own base). */
function baseBefore(t: string): string {
  const cs = [...t.replace(IGNORED, '')];
  let k = cs.length - 1;
  while (k > 0 && isMark(cs[k]) && !isSpace(cs[k - 1])) k--;
  return cs[k] ?? '';
}

/** Does the stretch [s, e) of block `b` equal form `f` under rules 2, 4 and 5? */
function matches(b: string, s: number, e: number, f: Form): boolean {
  const stretch = b.slice(s, e);
  if (norm(stretch) !== norm(f.text)) return false;
  const after = [...b.slice(e).replace(IGNORED, '')][0] ?? '';
  if (isMark(after)) return false; // marks are part of the letter before them
  // A mark takes the script of the character it is attached to (rule 4 judges that one).
  const before = baseBefore(b.slice(0, s));
  const first = [...f.text.replace(IGNORED, '')][0];
  const last = baseBefore(f.text);
  if (isKatakana(first) ? isKatakana(before) : isSpacedWordChar(first) && isSpacedWordChar(before)) return false;
  if (isKatakana(last) ? isKatakana(after) : isSpacedWordChar(last) && isSpacedWordChar(after)) return false;
  const aw = f.text.replace(IGNORED, '').split(/[\s\u0085]+/u);
  const pw = stretch.replace(IGNORED, '').split(/[\s\u0085]+/u);
  return aw.every((w, k) => pageWordOk(pw[k] ?? '', caseKind(w)));
}

interface Cand { s: number; e: number; full: MatchEntry[]; short: Form[]; act: Array<[string, string]> }

function staticOrder(a: MatchEntry, b: MatchEntry): number {
  if (a.hasNotes !== b.hasNotes) return a.hasNotes ? -1 : 1;
  if (a.updatedAt !== b.updatedAt) return b.updatedAt - a.updatedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Leftmost, then longest, never overlapping. */
function pick(cands: Cand[]): Cand[] {
  const sorted = [...cands].sort((x, y) => x.s - y.s || y.e - x.e);
  const out: Cand[] = [];
  let pos = 0;
  for (const c of sorted) if (c.s >= pos) { out.push(c); pos = c.e; }
  return out;
}

type RefBlockMention = Cand;

export function referenceScan(entries: MatchEntry[], blocks: string[], common: ReadonlySet<string>): RefBlockMention[][] {
  const forms = formsOf(entries, common);
  return blocks.map((b) => {
    const starts: number[] = [];
    const ends: number[] = [];
    for (let i = 0; i < b.length; i++) {
      const c = b.codePointAt(i) ?? 0;
      const ch = String.fromCodePoint(c);
      const w = c > 0xffff ? 2 : 1;
      if (!isIgnored(ch) && !isSpace(ch)) {
        // A mark belongs to the character before it, unless it follows white space or nothing.
        const prev = [...b.slice(0, i).replace(IGNORED, '')].pop();
        if (!isMark(ch) || prev === undefined || isSpace(prev)) starts.push(i);
        ends.push(i + w);
      }
      if (w === 2) i++;
    }
    const full = new Map<string, Cand>();
    const short = new Map<string, Cand>();
    // Only an optimization: a stretch can only equal forms of the same normalized text.
    const byNorm = new Map<string, Form[]>();
    for (const f of forms) byNorm.set(norm(f.text), [...(byNorm.get(norm(f.text)) ?? []), f]);
    const longest = Math.max(0, ...forms.map((f) => f.text.length));
    // Only an optimization too: a stretch holding far more than the longest form cannot equal
    // one. Counted as rule 2 counts: a run of white space is one unit, however long.
    const units = [0];
    for (let i = 0; i < b.length; i++) units.push(units[i] + (isSpace(b[i]) && i > 0 && isSpace(b[i - 1]) ? 0 : 1));
    for (const s of starts) for (const e of ends) {
      if (e <= s || units[e] - units[s] > 3 * longest + 12) continue;
      for (const f of byNorm.get(norm(b.slice(s, e))) ?? []) {
        if (!matches(b, s, e, f)) continue;
        const map = f.short ? short : full;
        const k = `${s}:${e}`;
        const c = map.get(k) ?? { s, e, full: [], short: [], act: [] };
        if (f.short) c.short.push(f);
        else {
          if (!c.full.includes(f.entity)) c.full.push(f.entity);
          // Surnames this full mention makes valid (rule 7): those of the forms it equals.
          for (const key of f.activates) c.act.push([f.entity.id, key]);
        }
        map.set(k, c);
      }
    }
    const phase1 = pick([...full.values()]);
    const free = [...short.values()].filter((c) => phase1.every((m) => c.e <= m.s || c.s >= m.e || (c.s === m.s && c.e === m.e)));
    const exact = free.filter((c) => phase1.some((m) => c.s === m.s && c.e === m.e));
    for (const c of exact) phase1.find((m) => c.s === m.s && c.e === m.e)?.short.push(...c.short);
    // Every other free surname stays a candidate: which of them are mentions is decided in page
    // order (referenceResolve), leftmost-longest among the valid ones.
    const phase2 = free.filter((c) => !exact.includes(c));
    const all = [...phase1, ...phase2].sort((x, y) => x.s - y.s || y.e - x.e);
    for (const c of all) c.full.sort(staticOrder);
    return all;
  });
}

/** Rules 7 and 8 in page order, by re-reading the history of earlier mentions each time. */
export function referenceResolve(scan: RefBlockMention[][]): Mention[] {
  const history: Array<{ ids: string[]; act: Array<[string, string]> }> = [];
  // Recency: index of the latest mention naming the entity; within it, the first-ranked is latest.
  const lastSeen = (id: string): number => {
    for (let h = history.length - 1; h >= 0; h--) if (history[h].ids.includes(id)) return h * 1000 + (999 - history[h].ids.indexOf(id));
    return -1;
  };
  const out: Mention[] = [];
  scan.forEach((block, bi) => {
    let pos = 0;
    for (const m of block) {
      if (m.s < pos) continue; // inside a mention already placed
      const valid = m.short.filter((f) => history.some((h) => h.act.some(([id, k]) => id === f.entity.id && k === f.key)));
      valid.sort((a, b) => lastSeen(b.entity.id) - lastSeen(a.entity.id));
      const earlier = m.full.filter((e) => lastSeen(e.id) >= 0).sort((a, b) => lastSeen(b.id) - lastSeen(a.id));
      let ids = [...earlier, ...m.full.filter((e) => lastSeen(e.id) < 0)].map((e) => e.id);
      const person = valid[0]?.entity;
      if (person !== undefined) ids = [person.id, ...ids.filter((id) => id !== person.id)];
      if (ids.length === 0) continue;
      pos = m.e;
      const first = person?.id === ids[0] ? person : m.full.find((e) => e.id === ids[0]);
      out.push({ block: bi, start: m.s, end: m.e, ids, type: first?.type ?? 'other', short: person !== undefined });
      history.push({ ids, act: m.act });
    }
  });
  return out;
}

export function reference(entries: MatchEntry[], blocks: string[], common: ReadonlySet<string>): Mention[] {
  return referenceResolve(referenceScan(entries, blocks, common));
}
