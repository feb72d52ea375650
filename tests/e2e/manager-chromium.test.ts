/** The entity manager through its UI in Chromium: tests/e2e/manager-suite.ts. */
import { managerSuite } from './manager-suite';

managerSuite('chromium');
