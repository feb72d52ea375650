/**
 * A new entity prefilled from the page: the context menu's `Add “<selection>” to Backstory`
 * (background/context-menu.ts) opens `popup.html?new=<name>&title=<page title>&url=<page URL>`,
 * and the popup's editor reads it back. Both ends of that URL live here. Pure: unit-tested.
 */
export interface Prefill {
  name: string;
  /** The page as a first link, `title <url>` in the editor's Links text. */
  links: string;
}

export function prefillFrom(search: string): Prefill | undefined {
  const params = new URLSearchParams(search);
  const name = (params.get('new') ?? '').replace(/\s+/g, ' ').trim();
  if (!name) return undefined;
  const url = (params.get('url') ?? '').trim();
  // `<` and `>` delimit the URL in the Links text; a title holding them would be misread.
  const title = (params.get('title') ?? '').replace(/[<>\n]/g, ' ').replace(/\s+/g, ' ').trim();
  const links = /^https?:\/\/\S+$/i.test(url) ? (title ? `${title} <${url}>` : url) : '';
  return { name, links };
}

/** The popup URL that opens the editor prefilled with `selection` and the page as a first link. */
export function prefilledEditorUrl(selection: string, page?: { title?: string; url?: string }): string {
  const params = new URLSearchParams();
  // Selections can span lines and be long; a name is one line, and the editor trims the rest.
  params.set('new', selection.replace(/\s+/g, ' ').trim().slice(0, 200));
  if (page?.url && /^https?:/i.test(page.url)) {
    params.set('url', page.url);
    if (page.title) params.set('title', page.title.slice(0, 300));
  }
  return `popup.html?${params.toString()}`;
}
