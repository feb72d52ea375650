/** Real pages mention by mention in Chromium (corpus-suite.ts). */
import { corpusSuite } from './corpus-suite';

corpusSuite('chromium', { withCards: true });
