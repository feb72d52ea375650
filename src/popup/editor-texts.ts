/**
 * The entity editor's fields as texts (Editor.tsx): what the reader types, the patches those
 * texts become, and which texts a stored entity brings into the fields. Apart from the component
 * because this is pure, and the same whether a text comes from a key, an answer or a resend; the
 * component keeps the state, the messages and their timing. The list fields' text forms
 * themselves are fields.ts.
 */
import type { Entity, EntityType } from '../core/entities/entity';
import { aliasesToText, linksToText, tagsToText, textToAliases, textToLinks, textToTags } from './fields';

export type Patch = Partial<Omit<Entity, 'id' | 'updatedAt'>>;

export interface Texts {
  name: string;
  aliases: string;
  type: EntityType;
  summary: string;
  notes: string;
  tags: string;
  links: string;
}

export const EMPTY: Texts = { name: '', aliases: '', type: 'other', summary: '', notes: '', tags: '', links: '' };

export function textsOf(e: Entity): Texts {
  return {
    name: e.name, aliases: aliasesToText(e.aliases), type: e.type, summary: e.summary,
    notes: e.notes, tags: tagsToText(e.tags), links: linksToText(e.links),
  };
}

/** The patch for one field (or every field, for the first save of a new entity). */
export function patchFromTexts(t: Texts, only?: keyof Texts): Patch {
  const all: Patch = {
    name: t.name.trim(),
    aliases: textToAliases(t.aliases),
    type: t.type,
    summary: t.summary,
    notes: t.notes,
    tags: textToTags(t.tags),
  };
  const links = textToLinks(t.links);
  if (links.ok) all.links = links.links;
  if (!only) return all;
  return { [only]: all[only as keyof Patch] } as Patch;
}

/** What a resend of these failed fields sends: their current texts, as far as they are valid. */
export function resendPatch(latest: Texts, storedLinks: Entity['links'], fields: (keyof Patch)[]): Patch {
  const again = patchFromTexts(latest);
  const links = textToLinks(latest.links, storedLinks);
  if (links.ok) again.links = links.links;
  else delete again.links;
  if (!again.name) delete again.name;
  const patch: Patch = {};
  for (const field of fields) if (again[field] !== undefined) Object.assign(patch, { [field]: again[field] });
  return patch;
}

/**
 * The fields once the `stored` texts come in, the fields having been `latest` and the store
 * `before`; undefined when no field changes. `sentNotes` is the notes text last sent, and
 * `ownLastAnswer` says the texts are the answer to the editor's own last save.
 */
export function withStored(stored: Texts, before: Texts, latest: Texts, sentNotes: string, ownLastAnswer: boolean): Texts | undefined {
  const next: Record<string, string> = { ...latest };
  let changed = false;
  for (const field of Object.keys(stored) as (keyof Texts)[]) {
    // The last save's answer: the store merged the reader's notes with notes changed meanwhile.
    const merged = ownLastAnswer && field === 'notes' && latest.notes === sentNotes && stored.notes !== latest.notes;
    if (!merged && (stored[field] === before[field] || latest[field] !== before[field])) continue;
    next[field] = stored[field];
    changed = true;
  }
  return changed ? (next as unknown as Texts) : undefined;
}
