// Chromium with the unpacked dist/chrome: subscribed lists end to end (tests/e2e/subscriptions-suite.ts).
import { subscriptionsSuite } from './subscriptions-suite';

subscriptionsSuite('chromium');
