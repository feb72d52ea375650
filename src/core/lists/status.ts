/** The words of the options page's subscription status (CONTRACT §4 "Status messages"). */

export type SubscribeOutcome = { ok: true; count: number } | { ok: false; error: string };

/** `Subscribed: N entities` or `Subscription refused: <reason>`. */
export function formatSubscribeStatus(outcome: SubscribeOutcome): string {
  if (!outcome.ok) return `Subscription refused: ${outcome.error}`;
  // Singular for one, as the import status does ("Imported 1 entity").
  return `Subscribed: ${outcome.count} ${outcome.count === 1 ? 'entity' : 'entities'}`;
}
