/** Real pages mention by mention in Firefox ESR (corpus-suite.ts). */
import { corpusSuite } from './corpus-suite';

corpusSuite('firefox', { withCards: false });
