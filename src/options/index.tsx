/** Options page entry: only wiring. */
import { render } from 'preact';
import { Options } from './Options';
import { learnActiveWorker } from './stage-upload';

learnActiveWorker();
const root = document.getElementById('app');
if (root) render(<Options />, root);
