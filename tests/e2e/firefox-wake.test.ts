// Firefox's event page goes idle after extensions.background.idle.timeout (2 s here) and wakes for a new tab.
import { wakeSuite } from './suite';

wakeSuite('firefox', 2_000);
