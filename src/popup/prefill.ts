/**
 * A new entity prefilled from the page (the context menu's `Add “<selection>” to Backstory`
 * opens `popup.html?new=<name>&title=<page title>&url=<page URL>`). Pure: unit-tested.
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
