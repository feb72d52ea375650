// Firefox ESR with the unpacked dist/firefox: subscribed lists end to end (tests/e2e/subscriptions-suite.ts).
import { subscriptionsSuite } from './subscriptions-suite';

subscriptionsSuite('firefox');
