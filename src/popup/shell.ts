/**
 * The popup page as built (scripts/build.ts): src/popup/popup.html is a template whose `#app`
 * already holds the first screen (header, `Add entity`, the `Search entities` field, focused)
 * with `__MSG_<key>__` placeholders, so the browser paints it from the HTML alone. The build fills
 * the placeholders from the default locale's messages and inlines the shared stylesheet in place
 * of its `<link>`: no request stands before the first paint. The page's only script, the app
 * (popup.js), is deferred: it loads while the first screen paints and runs before the load event,
 * so the popup Chrome shows at that event, and a test's `goto`, find the app working. (Started
 * after `load` instead, the popup showed a moment sooner but with an `Add entity` that did nothing
 * for the tens of milliseconds until the app ran.)
 *
 * The app then renders `<App />` into that `#app`: Preact reuses the existing
 * nodes where the first render matches them (the field keeps its focus and anything typed
 * meanwhile), replaces any text the reader's own locale words differently, and drops the shell's
 * `aria-busy`. tests/unit/popup/shell.test.ts checks that the first render changes nothing else.
 * Pure: no file system here.
 */
const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Fills `template`: `<link rel="stylesheet" href="ui.css">` becomes `<style>` with `css`, and
 * every `__MSG_key__` becomes the escaped message. Throws on a key `message` does not know, and
 * when the template has no stylesheet link to inline.
 */
export function popupPage(template: string, css: string, message: (key: string) => string | undefined): string {
  const link = '<link rel="stylesheet" href="ui.css">';
  if (!template.includes(link)) throw new Error(`popup.html: no ${link} to inline`);
  const filled = template.replace(/__MSG_(\w+)__/g, (_all, key: string) => {
    const text = message(key);
    if (text === undefined) throw new Error(`popup.html: no message "${key}" in the default locale`);
    return escapeHtml(text);
  });
  // A function replacement: `$` in the stylesheet is taken literally.
  return filled.replace(link, () => `<style>\n${css.trim()}\n</style>`);
}
