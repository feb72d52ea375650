/**
 * The popup app's entry (popup.js, deferred in popup.html): only wiring.
 * `#app` already holds the first screen from popup.html, shown before this script ran;
 * rendering into it reuses those nodes and ends their `aria-busy` (src/popup/shell.ts).
 */
import { render } from 'preact';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);
