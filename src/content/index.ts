/**
 * The content script (every frame, injected at document_start). Only the watcher of wake.ts is
 * evaluated at injection; the instance (start.ts, with the scanner, highlights, card and
 * messages) is bundled as a deferred module (scripts/lib/deferred.ts), evaluated when the frame
 * starts (at once in pages, when text appears in an empty `about:blank` frame) and started in
 * the task after its evaluation.
 */
import run from 'deferred:./run';
import { startWhenText } from './wake';

startWhenText(run);
