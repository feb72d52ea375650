/**
 * Popup entry: only wiring. `#app` already holds the first screen from popup.html (painted
 * before this deferred script ran); rendering into it reuses those nodes (src/popup/shell.ts).
 */
import { render } from 'preact';
import { App } from './App';

const root = document.getElementById('app');
if (root) render(<App />, root);
