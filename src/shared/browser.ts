/**
 * The one import of webextension-polyfill: every context reaches the browser API through this
 * module, so tests and other modules have a single seam.
 */
import browser from 'webextension-polyfill';

export default browser;
export type { Runtime, Tabs } from 'webextension-polyfill';
