// Firefox ESR with dist/firefox installed over WebDriver BiDi: the whole end-to-end suite (tests/e2e/suite.ts).
import { extensionSuite } from './suite';

extensionSuite('firefox');
