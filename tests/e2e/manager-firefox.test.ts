/**
 * The entity manager through its UI in Firefox ESR (puppeteer-core over WebDriver BiDi):
 * tests/e2e/manager-suite.ts, the same tests as in Chromium.
 */
import { managerSuite } from './manager-suite';

managerSuite('firefox');
