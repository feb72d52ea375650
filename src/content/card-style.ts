/**
 * The card's style, inside its closed shadow root, and its fonts.
 */

/**
 * The card's font stack (its text is set in this family throughout): generic families only. A
 * page's `@font-face` can take any family name, and the card sits in the page's document, so a
 * named family (`-apple-system`, `"Segoe UI"`, `Roboto` until 2026-12-07) let the page serve it
 * with a `unicode-range` per character and learn from its font requests which characters a
 * card's notes hold (found by a probe). A generic keyword is no family name a page can define
 * (`"system-ui"` in quotes is another family), and `system-ui` is the platform's UI font in both
 * browsers (San Francisco, Segoe UI, the desktop's font on Linux).
 */
export const CARD_FONT_STACK = 'system-ui, sans-serif';

/**
 * The card's fonts as canvas `font` values (weight, size and family), the ones most of a card's
 * text uses: body, name, type label, tags and buttons. `Card.warm` resolves them ahead of the
 * first card.
 */
export const CARD_FONTS = ['14px', '650 16px', '11px', '12px', '13px'].map((f) => `${f} ${CARD_FONT_STACK}`);

/**
 * The card's rules. `:host` rules are `!important` so a page's rules for unknown elements cannot
 * move or hide the host (inside-out, important shadow rules win). The card's words are generated
 * content (card-view.ts says why: no text node a page's `find()` could land in).
 */
export const CARD_CSS = `
[data-text]::before { content: attr(data-text); }
.line.blank { min-height: 1lh; }
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 auto auto 0 !important;
  width: 0 !important;
  height: 0 !important;
  overflow: visible !important;
  z-index: 2147483647 !important;
  display: block !important;
  visibility: visible !important;
  opacity: 1 !important;
  pointer-events: auto !important;
  /* \`all\` leaves direction alone: on a right-to-left page the card would inherit rtl and show
     ".Capital of France" with its header reversed. The reader's own text still takes its own
     direction, paragraph by paragraph (below). */
  direction: ltr !important;
  unicode-bidi: isolate !important;
}
.card {
  --bg: #ffffff;
  --fg: #1d232b;
  --muted: #5b6672;
  --line: #d8dde3;
  --chip: #eef1f4;
  --link: #0b57d0;
  --accent: #965800; /* 5.7:1 on --bg: the conflict line is 13 px text (#b26a00 was 4.2:1) */
  position: fixed;
  top: 0;
  left: 0;
  box-sizing: border-box;
  width: max-content;
  max-width: min(380px, calc(100vw - 16px));
  max-height: min(420px, calc(100vh - 16px));
  overflow: auto;
  overscroll-behavior: contain;
  padding: 12px 14px;
  border: 1px solid var(--line);
  border-radius: 10px;
  background: var(--bg);
  color: var(--fg);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.18), 0 1px 3px rgb(0 0 0 / 0.12);
  font: 14px/1.45 ${CARD_FONT_STACK};
  text-align: start;
  white-space: normal;
  overflow-wrap: anywhere;
  cursor: auto;
}
@media (prefers-color-scheme: dark) {
  .card {
    --bg: #1f242b;
    --fg: #e7ebef;
    --muted: #a3adb8;
    --line: #3a424c;
    --chip: #2c333c;
    --link: #8ab4f8;
    --accent: #f0b252;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.5);
  }
}
.entity + .entity, .also { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 10px; }
.also + .entity { border-top: none; margin-top: 0; padding-top: 0; }
.title-row { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.name { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3; }
h3.name { font-size: 15px; }
.type {
  /* Small capitals, not text-transform: Chromium's accessibility tree reads transformed text, so
     the type was announced as "PERSON" (found by a probe); small caps leave it "Person". */
  font-size: 13px; font-variant-caps: all-small-caps; letter-spacing: 0.06em; color: var(--muted);
}
.via, .also, .empty { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.also { font-style: italic; }
.summary { margin: 6px 0 0; }
.conflict { margin: 6px 0 0; color: var(--accent); font-size: 13px; }
.notes {
  margin: 8px 0 0; padding: 6px 8px; border-left: 3px solid var(--accent);
  background: var(--chip); border-radius: 4px;
  white-space: pre-wrap; max-height: 160px; overflow: auto; overscroll-behavior: contain;
}
/* A reader's text in a right-to-left script reads right to left, paragraph by paragraph (its
   first strong letter decides), whatever the page's direction; the card itself stays ltr. */
.name, .summary, .notes, .line, .via, .tag, .links li { unicode-bidi: plaintext; text-align: start; }
.notes:focus-visible, a:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
.tags, .links { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 8px; }
.tag { background: var(--chip); border-radius: 999px; padding: 0 8px; font-size: 12px; }
.links { flex-direction: column; gap: 2px; }
a { color: var(--link); text-decoration: underline; }
.inert-link { color: var(--muted); }
.card:focus { outline: none; }
.card:focus-visible { outline: 2px solid var(--link); outline-offset: 1px; }
.position { margin: 0 0 6px; color: var(--muted); font-size: 12px; }
.edit {
  margin-left: auto; font: inherit; font-size: 12px; color: var(--link); background: none;
  border: 1px solid var(--line); border-radius: 6px; padding: 0 8px; cursor: pointer;
}
.edit:hover { background: var(--chip); }
.edit:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
`;
