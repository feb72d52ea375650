/** The deferred part of the content script (index.ts): evaluated, and started, on the first call. */
import { start } from './start';

start();
