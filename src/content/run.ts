/**
 * The deferred part of the content script (index.ts): its code is evaluated on the first call of
 * `run()`, which returns these exports; the wake module calls `start` in a later task.
 */
export { start } from './start';
