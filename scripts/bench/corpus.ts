/**
 * The shared corpus (../shared/corpus, beside the repository): real pages cut into blocks the
 * way the content script cuts them (CONTRACT §3 rules 1 and 3), and the entity lists as
 * MatchEntry arrays. Used by the benchmarks and by the corpus tests; both skip without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import type { MatchEntry } from '../../src/core/matcher/types';
import type { EntityType } from '../../src/core/entities/entity';

export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

export function corpusPresent(): boolean {
  return existsSync(join(CORPUS_DIR, 'pages.json'));
}

const SKIP = new Set(['HEAD', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'BUTTON', 'SELECT', 'OPTION', 'SVG', 'TITLE']);
const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION',
  'TABLE', 'CAPTION', 'TR', 'TD', 'TH', 'UL', 'SUMMARY', 'LEGEND', 'BR', 'IMG', 'IFRAME', 'BODY', 'HTML',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  data?: string;
  childNodes: ArrayLike<DomNode>;
  getAttribute?: (name: string) => string | null;
}

/** Text blocks of an HTML page in document order (empty and all-space blocks dropped). */
export function pageBlocks(html: string): string[] {
  const { document } = parseHTML(html);
  const blocks: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur.trim() !== '') blocks.push(cur);
    cur = '';
  };
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      cur += node.data ?? '';
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9) return;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) {
      if (name !== 'HEAD' && name !== 'TITLE') flush();
      return;
    }
    const editable = node.getAttribute?.('contenteditable');
    if (editable === '' || editable === 'true') return;
    const block = BLOCK.has(name);
    if (block) flush();
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]);
    if (block) flush();
  };
  walk(document as unknown as DomNode);
  flush();
  return blocks;
}

export interface CorpusPage {
  slug: string;
  lang: string;
  script: string;
  blocks: string[];
}

export function loadPages(): CorpusPage[] {
  const meta = JSON.parse(readFileSync(join(CORPUS_DIR, 'pages.json'), 'utf8')) as {
    pages: Array<{ slug: string; file: string; lang_guess: string; script_guess: string }>;
  };
  return meta.pages.map((p) => ({
    slug: p.slug,
    lang: p.lang_guess,
    script: p.script_guess,
    blocks: pageBlocks(readFileSync(join(CORPUS_DIR, p.file), 'utf8')),
  }));
}

interface RawEntity {
  id: string;
  name: string;
  aliases?: string[];
  type?: string;
  notes?: string;
  updatedAt?: string;
  guard?: boolean;
}

export const LISTS = ['entities-countries.json', 'entities-cities-100k.json', 'entities-orgs-nsi.json'] as const;

/** An entity list as MatchEntry[], with `guard` set as given (or forced). */
export function loadList(file: string, guard?: boolean): MatchEntry[] {
  const raw = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as RawEntity[];
  return raw.map((e) => ({
    id: e.id,
    name: e.name,
    aliases: e.aliases ?? [],
    type: (e.type ?? 'other') as EntityType,
    hasNotes: (e.notes ?? '') !== '',
    updatedAt: e.updatedAt ? Date.parse(e.updatedAt) : 0,
    guard: guard ?? e.guard,
  }));
}

let cachedPages: CorpusPage[] | null = null;

/**
 * Pages with each block's white-space runs collapsed to one space and trimmed: the page's
 * visible text as pages.json counts it (about 567k characters), which is what the throughput
 * figures are measured on. Computed once per process.
 */
export function visiblePages(): CorpusPage[] {
  cachedPages ??= loadPages().map((p) => ({ ...p, blocks: p.blocks.map((b) => b.replace(/\s+/g, ' ').trim()).filter((b) => b !== '') }));
  return cachedPages;
}
