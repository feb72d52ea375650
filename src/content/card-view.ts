/**
 * The hover card's content, built with createElement and attributes only: everything from the
 * store reaches the page as text, never parsed as HTML (CONTRACT §4 "Hover card").
 *
 * Every word the card shows is generated content (`content: attr(data-text)`, card-style.ts),
 * not a text node. CONTRACT §4: pages "cannot read notes". A closed shadow root hides nodes from
 * the page's DOM calls, but not from `window.find()`: in Firefox the found text's
 * `getSelection().anchorNode` is a node inside the closed root, whose `getRootNode()` hands the
 * page the whole card; in Chromium `find()` plus `Selection.modify('extend', …)` reads the notes
 * as the selection's text (found by a probe, 2026-12-07). Find and selection see text nodes
 * only, never generated content, while the accessibility tree and the accessible names of the
 * dialog, headings, links and buttons do include it (screen readers read the card as before).
 * The cost: the reader cannot select text in the card (`Edit` opens it in the popup, where every
 * field can be copied).
 */
import { isClickableUrl } from '../core/entities/entity';
import type { CardEntity } from '../shared/protocol';

export interface CardModel {
  /** Linked entities, best first (never empty). */
  entities: CardEntity[];
  /** The page's text of the mention. */
  text: string;
  /** The first entity was reached through a short form (a bare surname). */
  short: boolean;
  /** Opened by the keyboard command: which mention of the page this is (0-based), shown and announced. */
  position?: { index: number; count: number };
}

/** What the card's controls do (wired by src/content/start.ts). */
export interface CardActions {
  /** `Edit`: open the entity in the popup page. */
  edit(id: string): void;
}

const TYPE_LABELS: Record<CardEntity['type'], string> = {
  person: 'Person',
  place: 'Place',
  org: 'Organization',
  event: 'Event',
  other: 'Other',
};

type Make = <K extends keyof HTMLElementTagNameMap>(
  tag: K, className?: string, text?: string,
) => HTMLElementTagNameMap[K];

/** The attribute whose value an element shows as its text (card-style.ts `[data-text]::before`). */
export const TEXT_ATTRIBUTE = 'data-text';

function maker(doc: Document): Make {
  return (tag, className, text) => {
    const el = doc.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.setAttribute(TEXT_ATTRIBUTE, text);
    return el;
  };
}

/** Id of the heading that names the dialog (unique inside our closed shadow root). */
export const TITLE_ID = 'backstory-card-title';
/** Id of the line that says which mention the card is about (the dialog's description). */
export const MENTION_ID = 'backstory-card-mention';

/**
 * The dialog element: its accessible name is the first-ranked entity's name; its description
 * says which text of the page it is about (a screen reader announces both when focus moves in).
 */
export function renderCard(doc: Document, model: CardModel, actions?: CardActions): HTMLElement {
  const make = maker(doc);
  const dialog = make('div', 'card');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-labelledby', TITLE_ID);
  dialog.setAttribute('aria-describedby', MENTION_ID);
  // Focusable itself, so the keyboard command can move focus into it (it is not in the tab order).
  dialog.tabIndex = -1;
  const [first, ...others] = model.entities;
  const where = make('p', 'position', model.position
    ? `“${model.text}”: mention ${model.position.index + 1} of ${model.position.count} on this page`
    : `“${model.text}” on this page`);
  where.id = MENTION_ID;
  // Only the keyboard path shows it: a pointer reader sees the mention under the pointer.
  if (!model.position) where.hidden = true;
  // Candidates of one name (Amazon the company, Amazon the river) are told apart by their type
  // in the names a screen reader hears: two buttons were both "Edit Amazon" (found by a probe).
  const names = model.entities.map((e) => e.name);
  const label = (entity: CardEntity): string =>
    names.filter((n) => n === entity.name).length > 1 ? `${entity.name}, ${TYPE_LABELS[entity.type] ?? entity.type}` : entity.name;
  dialog.append(where, renderEntity(make, first, { titleId: TITLE_ID, level: 'h2', actions, label: label(first) }));
  if (model.short) {
    dialog.querySelector('.title-row')?.after(make('p', 'via', `Mentioned as “${model.text}”`));
  }
  if (others.length > 0) {
    dialog.append(make('p', 'also', `“${model.text}” may also mean:`));
    for (const other of others) dialog.append(renderEntity(make, other, { level: 'h3', actions, label: label(other) }));
  }
  return dialog;
}

function renderEntity(
  make: Make, entity: CardEntity, opts: { titleId?: string; level: 'h2' | 'h3'; actions?: CardActions; label: string },
): HTMLElement {
  const section = make('section', 'entity');
  const row = make('div', 'title-row');
  const heading = make(opts.level, 'name', entity.name);
  if (opts.titleId) heading.id = opts.titleId;
  row.append(heading, make('span', `type type-${entity.type}`, TYPE_LABELS[entity.type] ?? entity.type));
  const actions = opts.actions;
  if (actions) {
    const edit = make('button', 'edit', 'Edit');
    edit.type = 'button';
    // Several entities can share a card: the name says which one this button edits.
    edit.setAttribute('aria-label', `Edit ${opts.label}`);
    edit.addEventListener('click', () => actions.edit(entity.id));
    row.append(edit);
  }
  section.append(row);

  if (entity.summary.trim()) section.append(make('p', 'summary', entity.summary));
  if (entity.conflict) {
    section.append(make('p', 'conflict', 'These notes hold two edits that could not be merged: resolve them in the Backstory popup.'));
  }
  if (entity.notes.trim()) {
    const notes = lines(make, 'notes', entity.notes);
    // Long notes scroll; a scrollable region must be reachable by keyboard.
    notes.tabIndex = 0;
    notes.setAttribute('role', 'region');
    notes.setAttribute('aria-label', `Notes on ${opts.label}`);
    section.append(notes);
  } else {
    section.append(make('p', 'empty', 'No notes yet.'));
  }
  if (entity.tags.length > 0) {
    const tags = make('ul', 'tags');
    tags.setAttribute('aria-label', 'Tags');
    for (const tag of entity.tags) tags.append(make('li', 'tag', tag));
    section.append(tags);
  }
  if (entity.links.length > 0) {
    const links = make('ul', 'links');
    // Said on the list, not on each link: a link's accessible name is its title or URL
    // (CONTRACT §4), and its description is already its URL when it has a title.
    links.setAttribute('aria-label', 'Links, opening in a new tab');
    for (const link of entity.links) links.append(renderLink(make, link));
    section.append(links);
  }
  return section;
}

/**
 * A text of several lines as one element per line: generated content keeps its line breaks on
 * screen (`white-space: pre-wrap`), but Chromium's accessibility tree read it as one run, the
 * breaks gone (a probe, 2026-12-07); separate lines are read as lines. A blank line keeps its
 * height (card-style.ts `.line.blank`).
 */
function lines(make: Make, className: string, text: string): HTMLDivElement {
  const box = make('div', className);
  for (const line of text.split('\n')) box.append(line === '' ? make('div', 'line blank') : make('div', 'line', line));
  return box;
}

/** Only http(s) links are clickable; the title (or the URL) is the link's name. */
export function renderLink(make: Make, link: CardEntity['links'][number]): HTMLLIElement {
  const item = make('li', 'link');
  const title = link.title?.trim() ? link.title : '';
  if (isClickableUrl(link.url)) {
    const a = make('a', undefined, title || link.url);
    a.href = link.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    if (title) a.title = link.url;
    item.append(a);
  } else {
    item.append(make('span', 'inert-link', title ? `${title}: ${link.url}` : link.url));
  }
  return item;
}
