/**
 * How mentions look: a translucent tint per type, readable on light and dark pages alike (it
 * mixes with whatever the page paints; the text colour is unchanged). No underline: measured in
 * Chromium, a `text-decoration` in `::highlight()` makes every frame after a DOM change cost
 * about 60% more (Chromium re-validates every highlight range on each DOM change: ~10 µs a range
 * with a background only, ~19 µs with a dotted underline, on these machines); see docs/page.md.
 * The rules reach the page through a constructed style sheet in `adoptedStyleSheets`: no element
 * is added to the page.
 */
import { ENTITY_TYPES, type EntityType } from '../core/entities/entity';
import { DEFAULT_SETTINGS, DEFAULT_TYPE_COLORS, type Settings } from '../shared/settings';

export const HIGHLIGHT_PREFIX = 'backstory-';

export function highlightName(type: EntityType): string {
  return `${HIGHLIGHT_PREFIX}${type}`;
}

/** Tint (r g b) per type, unless the reader chose a colour (DEFAULT_TYPE_COLORS, shared/settings.ts). */
const TINTS = Object.fromEntries(ENTITY_TYPES.map((type) => [type, rgbOf(DEFAULT_TYPE_COLORS[type])])) as Record<EntityType, string>;

/** What the options page sets of how mentions look (src/shared/settings.ts). */
export type Appearance = Pick<Settings, 'highlightStyle' | 'typeColors' | 'hiddenTypes'>;

const DEFAULT_APPEARANCE: Appearance = { highlightStyle: DEFAULT_SETTINGS.highlightStyle, typeColors: {}, hiddenTypes: [] };

/** `#rrggbb` as the `r g b` of `rgb()`. */
function rgbOf(hex: string): string {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(' ');
}

/**
 * The rules for the options page's appearance: a style, `tint` (default), `strong` (the same
 * tint, darker) or `underline` (a dotted underline in the type's colour and a faint tint; it
 * costs more per DOM change in Chromium, see above); the reader's colour per type; types not
 * shown are unpainted (their ranges stay registered under their names: CONTRACT §4).
 */
export function highlightCss(appearance: Appearance = DEFAULT_APPEARANCE): string {
  const { highlightStyle: style, typeColors, hiddenTypes } = appearance;
  return ENTITY_TYPES.map((type) => {
    const color = typeColors[type];
    const tint = color ? rgbOf(color) : TINTS[type];
    const body = hiddenTypes.includes(type)
      ? 'background-color: transparent;'
      : style === 'strong'
        ? `background-color: rgb(${tint} / 0.5);`
        : style === 'underline'
          ? `background-color: rgb(${tint} / 0.1);\n  text-decoration: underline dotted rgb(${tint});\n  text-decoration-thickness: 2px;\n  text-underline-offset: 2px;`
          : `background-color: rgb(${tint} / 0.26);`;
    return `::highlight(${highlightName(type)}) {\n  ${body}\n}`;
  }).join('\n');
}

type Root = Document | ShadowRoot;

/** A style sheet some Backstory instance made: every rule styles a `backstory-` highlight. */
function isOurs(sheet: CSSStyleSheet): boolean {
  try {
    const rules = Array.from(sheet.cssRules);
    return rules.length > 0 && rules.every((r) => r.cssText.startsWith(`::highlight(${HIGHLIGHT_PREFIX}`));
  } catch {
    return false;
  }
}

export class HighlightStyle {
  private sheet: CSSStyleSheet | null = null;
  private readonly roots = new Set<Root>();
  private css = highlightCss();

  private getSheet(): CSSStyleSheet {
    if (!this.sheet) {
      this.sheet = new CSSStyleSheet();
      this.sheet.replaceSync(this.css);
    }
    return this.sheet;
  }

  /** Apply the reader's appearance: one `replaceSync` on the adopted sheet restyles every root at once. */
  setStyle(appearance: Appearance): void {
    const css = highlightCss(appearance);
    if (css === this.css) return;
    this.css = css;
    this.sheet?.replaceSync(css);
  }

  /** Adopt the sheet into `root` (once; again if the page dropped it). Drops sheets of earlier instances. */
  adopt(root: Root): void {
    const sheet = this.getSheet();
    const current = Array.from(root.adoptedStyleSheets);
    if (current.includes(sheet)) return;
    try {
      root.adoptedStyleSheets = [...current.filter((s) => !isOurs(s)), sheet];
      this.roots.add(root);
    } catch (error) {
      // A sheet made in one document cannot be adopted by another (a frame's): nothing to draw there.
      console.warn('Backstory: cannot style highlights here', error);
    }
  }

  /** Re-adopt where the page removed the sheet (cheap; called on a timer). */
  check(): void {
    for (const root of this.roots) {
      if (root.nodeType === Node.DOCUMENT_FRAGMENT_NODE && !(root as ShadowRoot).host.isConnected) {
        this.roots.delete(root);
      } else if (this.sheet && !Array.from(root.adoptedStyleSheets).includes(this.sheet)) {
        this.roots.delete(root);
        this.adopt(root);
      }
    }
  }

  /** The open shadow roots that hold mentions (hit-testing must name them). */
  shadowRoots(): ShadowRoot[] {
    return [...this.roots].filter((r): r is ShadowRoot => r.nodeType === Node.DOCUMENT_FRAGMENT_NODE);
  }

  /** Remove the sheet everywhere. */
  remove(): void {
    for (const root of this.roots) {
      try {
        root.adoptedStyleSheets = Array.from(root.adoptedStyleSheets).filter((s) => s !== this.sheet);
      } catch {
        // The root's document is gone.
      }
    }
    this.roots.clear();
  }
}
