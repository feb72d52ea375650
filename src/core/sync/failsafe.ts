/**
 * The mass-deletion failsafe: an empty, wrong or wiped server must never empty the reader's store
 * (floccus #152, #1498). A sync that would delete more than 1,000 entities here, or more than 20%
 * of them when that is more than 10, stops before deleting and waits for an explicit continue.
 */
export const MAX_DELETIONS = 1000;
export const MAX_DELETION_SHARE = 0.2;
export const SMALL_DELETIONS = 10;

export function deletionsNeedConfirmation(deletions: number, localCount: number): boolean {
  if (deletions > MAX_DELETIONS) return true;
  return deletions > SMALL_DELETIONS && deletions > MAX_DELETION_SHARE * localCount;
}
