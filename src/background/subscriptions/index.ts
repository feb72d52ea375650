/**
 * Subscribed lists (issue 6 part 2, CONTRACT §2 "Published lists", §4 subscriptions).
 * See docs/subscriptions.md. The browser-bound SyncedArea is in synced-area-browser.ts and is
 * deliberately not re-exported here, so this module loads in unit tests.
 */
export { subscribe } from './subscribe';
export { refreshDue, refreshList } from './refresh';
export { unsubscribe, listSubscriptions } from './manage';
export { listSource, toListRow } from './swap';
export {
  saveListNote,
  withReaderNotes,
  idsWithReaderNotes,
  decideListPatch,
  isListEntity,
  joinNotes,
  READ_ONLY_MESSAGE,
  type EntityView,
  type ListNoteResult,
  type ListPatchDecision,
} from './reader-notes';
export {
  subscribeAndSync,
  unsubscribeAndSync,
  reconcileWithSynced,
  readSynced,
  SYNCED_KEY,
  type SyncedArea,
  type ReconcileReport,
} from './synced-settings';
export { scheduleRefresh, isRefreshAlarm, REFRESH_ALARM, REFRESH_PERIOD_MINUTES, type AlarmsLike } from './alarm';
export type { SubscriptionRecord, SubscriptionDeps, SubscribeResult, RefreshOutcome, RefreshReport, UnsubscribeResult } from './types';
export { formatSubscribeStatus } from '../../core/lists/status';
