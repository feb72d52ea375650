/**
 * A site as the reader reads it. Host names of internationalized domains are stored as the URL
 * API gives them, in their ASCII form (`xn--bcher-kva.de`), which is what site rules compare; the
 * popup and the options page show the Unicode form (`bücher.de`). punycode is the reference
 * implementation of RFC 3492 (the browsers' URL parsers have no way back to Unicode).
 */
import { toUnicode } from 'punycode/punycode.js';

export function siteName(host: string): string {
  try {
    const shown = toUnicode(host);
    // A label that decodes to nothing (`xn--`) would vanish from the name.
    const labels = host.split('.');
    return shown.split('.').some((label, i) => label === '' && labels[i] !== '') ? host : shown;
  } catch {
    return host; // a label that is not valid punycode is shown as it is
  }
}
