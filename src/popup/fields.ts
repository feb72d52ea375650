/**
 * The editor's text forms of list fields, and their validation. Pure, so tests cover them.
 *   Aliases: one per line (an alias may hold a comma: "Washington, D.C.").
 *   Tags: separated by commas.
 *   Links: one per line, `title <url>` or a bare url.
 */
import { isClickableUrl, type Link } from '../core/entities/entity';
import { t } from '../ui/i18n';

export const aliasesToText = (aliases: string[]): string => aliases.join('\n');

export const textToAliases = (text: string): string[] =>
  text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

export const tagsToText = (tags: string[]): string => tags.join(', ');

export const textToTags = (text: string): string[] =>
  text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '');

export function linksToText(links: Link[]): string {
  return links.map((link) => (link.title ? `${link.title} <${link.url}>` : link.url)).join('\n');
}

export type LinksParse = { ok: true; links: Link[] } | { ok: false; error: string };

/**
 * Links typed in the editor must be well-formed http(s) URLs. A line that is unchanged from a
 * stored link is kept as it is, whatever its scheme: import accepts any URL (CONTRACT §2), and
 * editing another line must not force the reader to fix or lose it.
 */
export function textToLinks(text: string, stored: Link[] = []): LinksParse {
  const links: Link[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const kept = stored.find((link) => linksToText([link]) === line);
    if (kept) {
      links.push(kept);
      continue;
    }
    const titled = /^(.*?)\s*<([^<>]*)>$/.exec(line);
    const title = titled ? titled[1].trim() : '';
    const url = (titled ? titled[2] : line).trim();
    if (!isClickableUrl(url) || !/^https?:\/\/[^/\s]+/i.test(url) || /\s/.test(url)) {
      return { ok: false, error: t('linkInvalid', i + 1, url) };
    }
    links.push(title ? { title, url } : { url });
  }
  return { ok: true, links };
}
