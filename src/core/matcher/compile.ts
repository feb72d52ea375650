/**
 * Turns one MatchEntry into records in the token trie: one full record per distinct name or
 * alias, and for people one short record per surname (CONTRACT §3 rule 7).
 */
import * as chars from '../text/chars';
import { TokenBuffer, tokenize } from '../text/tokenize';
import { isOrdinaryWord } from './guard';
import {
  CASE_ALLCAPS, CASE_CAPITAL, REC_FULL, REC_SHORT, entityIndex, grow, keyOf, removeEntityRecords, reserveRecord, typeCode,
} from './state';
import type { MatcherState } from './state';
import { insertEdge, markRootLower } from './trie';
import type { MatchEntry } from './types';

// Module-local copies (tsx and vitest compile imported bindings to getters; builds of 1M
// aliases feel it).
const CLS_OTHER = chars.CLS_OTHER;
const CLS_SPACE = chars.CLS_SPACE;
const F_LETTER = chars.F_LETTER;
const F_LOWER = chars.F_LOWER;
const F_UPPER = chars.F_UPPER;
const charInfo = chars.charInfo;
const codePointAt = chars.codePointAt;

const tb = new TokenBuffer();
const MIDDLE_DOT = 0x30fb;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);

/** Case requirement of one alias word, read on the alias as written (rule 5). */
export function caseOfWord(s: string, a: number, b: number): number {
  let first = -1;
  let upper = 0;
  let lower = 0;
  for (let i = a; i < b; ) {
    const cp = codePointAt(s, i);
    i += cp > 0xffff ? 2 : 1;
    const info = charInfo(cp);
    if ((info & F_LETTER) === 0) continue;
    if (first < 0) first = info;
    if (info & F_UPPER) upper++;
    else if (info & F_LOWER) lower++;
  }
  if (upper >= 2 && lower === 0) return CASE_ALLCAPS;
  if (first >= 0 && (first & F_UPPER) !== 0) return CASE_CAPITAL;
  return 0;
}

/** Token ranges [a, b) of the words of the tokenized form, split at spaces (and `・` if asked). */
function wordsOf(from: number, to: number, dot: boolean): Array<[number, number]> {
  const words: Array<[number, number]> = [];
  let a = from;
  for (let t = from; t <= to; t++) {
    const sep = t === to || tb.kind[t] === CLS_SPACE || (dot && tb.kind[t] === CLS_OTHER && tb.units[tb.fstart[t]] === MIDDLE_DOT);
    if (!sep) continue;
    if (t > a) words.push([a, t]);
    a = t + 1;
  }
  return words;
}

/** The surname of a form of 2+ words (rule 7): its last word that is not Jr, Sr, II, III, IV. */
function surnameOf(from: number, to: number): [number, number] | null {
  const words = wordsOf(from, to, true);
  if (words.length < 2) return null;
  // Every word may be it: `Henry IV` → Henry (the contract says "the last word that is not …").
  for (let w = words.length - 1; w >= 0; w--) {
    let [a, b] = words[w];
    // "King," and "Jr." are King and Jr: trailing commas and full stops are not part of them.
    while (b > a && tb.kind[b - 1] === CLS_OTHER && (tb.units[tb.fstart[b - 1]] === 44 || tb.units[tb.fstart[b - 1]] === 46)) b--;
    if (b === a) continue;
    if (b - a === 1 && SUFFIXES.has(tb.text(a, b))) continue;
    return [a, b];
  }
  return null;
}

interface Built {
  from: number;
  to: number;
  form: string;
}

/** Tokenizes `form` into the shared buffer, without leading and trailing space tokens. */
function tokenizeForm(form: string): Built | null {
  tokenize(form, tb);
  let from = 0;
  let to = tb.n;
  while (from < to && tb.kind[from] === CLS_SPACE) from++;
  while (to > from && tb.kind[to - 1] === CLS_SPACE) to--;
  return from < to ? { from, to, form } : null;
}

/** Adds one record for tokens [a, b) of the buffer (whose text is `form`). */
function addRecord(st: MatcherState, e: number, kind: number, form: string, a: number, b: number, actName: number, actOwn: number, shortKey: number): void {
  let node = 0;
  for (let t = a; t < b; t++) node = insertEdge(st.trie, node, tb.hash[t]);
  const r = reserveRecord(st);
  st.recEntity[r] = e;
  st.recKind[r] = kind;
  st.recNode[r] = node;
  st.recNextAtNode[r] = st.trie.nodeRec[node];
  st.trie.nodeRec[node] = r;
  st.recNextOfEntity[r] = st.entRec[e];
  st.entRec[e] = r;
  const u0 = tb.fstart[a];
  const ulen = tb.fstart[b] - u0;
  st.pool = grow(st.pool, st.poolLen + ulen);
  st.pool.set(tb.units.subarray(u0, u0 + ulen), st.poolLen);
  st.recUnit[r] = st.poolLen;
  st.recUnitLen[r] = ulen;
  st.poolLen += ulen;
  st.recCase[r] = st.casesLen;
  let n = 0;
  for (let wa = a, t = a; t <= b; t++) {
    if (t < b && tb.kind[t] !== CLS_SPACE) continue;
    // Tokens [wa, t) are one word of the form.
    const c = t > wa ? caseOfWord(form, tb.start[wa], tb.end[t - 1]) : 0;
    if (c !== 0) {
      st.cases = grow(st.cases, st.casesLen + 3);
      st.cases[st.casesLen++] = wa - a;
      st.cases[st.casesLen++] = t - a;
      st.cases[st.casesLen++] = c;
      n++;
    }
    wa = t + 1;
  }
  st.recCaseN[r] = n;
  // Unless its first word has a case rule (then a lower-case first letter fails it), the alias
  // may start at a word that begins with a lower-case letter.
  if (n === 0 || st.cases[st.recCase[r]] !== 0) markRootLower(st.trie, tb.hash[a]);
  st.recActName[r] = actName;
  st.recActOwn[r] = actOwn;
  st.recShortKey[r] = shortKey;
}

/** Adds (or replaces) one entity's records; true when the entity was not compiled in before. */
export function addEntry(st: MatcherState, entry: MatchEntry, common: ReadonlySet<string>): boolean {
  const e = entityIndex(st, entry.id);
  st.rankCache.clear(); // the new records and rank keys change the order of some nodes
  st.groupIndex = null; // and the record lists of some nodes
  st.wordKeys = null; // new records may start at words the scan's word-key filter skips
  const added = st.alive[e] === 0;
  if (st.entRec[e] >= 0) removeEntityRecords(st, e);
  st.types[e] = typeCode(entry.type);
  st.hasNotes[e] = entry.hasNotes ? 1 : 0;
  st.updatedAt[e] = entry.updatedAt;
  st.alive[e] = 1;
  const person = entry.type === 'person';
  const guard = entry.guard === true;
  const forms = [entry.name, ...entry.aliases];
  const seen = new Set<string>();
  // The name's surname key (rule 7), found first because every multi-word form activates it.
  let nameKey = -1;
  if (person) {
    const b = tokenizeForm(entry.name);
    const sn = b && wordsOf(b.from, b.to, true).length >= 2 ? surnameOf(b.from, b.to) : null;
    if (sn) nameKey = keyOf(st, tb.text(sn[0], sn[1]));
  }
  const shortKeys = new Set<number>();
  for (let f = 0; f < forms.length; f++) {
    const b = tokenizeForm(forms[f]);
    if (!b) continue;
    let multi = false;
    for (let t = b.from; t < b.to && !multi; t++) multi = tb.kind[t] === CLS_SPACE || (tb.kind[t] === CLS_OTHER && tb.units[tb.fstart[t]] === MIDDLE_DOT);
    if (multi) multi = wordsOf(b.from, b.to, true).length >= 2;
    const sn = person && multi ? surnameOf(b.from, b.to) : null;
    const ownKey = sn ? keyOf(st, tb.text(sn[0], sn[1])) : -1;
    const actName = multi ? nameKey : -1;
    const actOwn = f > 0 ? ownKey : -1;
    // Two forms that fold alike and read alike are one record; different case rules are two.
    const sig = forms.length === 1 ? '' : tb.text(b.from, b.to) + '\u0000' + forms[f].replace(/\s+/g, ' ').trim();
    if (!seen.has(sig) && !(guard && isOrdinaryWord(tb, b.from, b.to, common))) {
      if (forms.length > 1) seen.add(sig);
      addRecord(st, e, REC_FULL, forms[f], b.from, b.to, actName, actOwn, -1);
    }
    if (sn && ownKey >= 0 && !shortKeys.has(ownKey) && !(guard && isOrdinaryWord(tb, sn[0], sn[1], common))) {
      shortKeys.add(ownKey);
      addRecord(st, e, REC_SHORT, forms[f], sn[0], sn[1], -1, -1, ownKey);
    }
  }
  return added;
}
