// Chromium with the unpacked dist/chrome: the whole end-to-end suite (tests/e2e/suite.ts).
import { extensionSuite } from './suite';

extensionSuite('chromium');
