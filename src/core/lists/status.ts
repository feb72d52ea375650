/** The words of the options page's subscription status (CONTRACT §4 "Status messages"). */

export type SubscribeOutcome = { ok: true; count: number } | { ok: false; error: string };

/** `Subscribed: N entities` or `Subscription refused: <reason>`. */
export function formatSubscribeStatus(outcome: SubscribeOutcome): string {
  if (!outcome.ok) return `Subscription refused: ${outcome.error}`;
  // The contract's words to the letter, whatever the count: readers' scripts and tests match them.
  return `Subscribed: ${outcome.count} entities`;
}
