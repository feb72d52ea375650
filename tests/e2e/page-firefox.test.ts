// The page side in Firefox ESR: the shared part of page-suite.ts (live page, SPA, shadow roots,
// short forms, ambiguity, frames) and page-robustness.ts. The keyboard command, settings and the
// site switch need the service worker's console, which only Chromium's harness reaches:
// page-chromium.test.ts.
import { robustnessTests } from './page-robustness';
import { pageSuite } from './page-suite';

pageSuite('firefox', robustnessTests);
