/**
 * Ask the browser never to evict the store: readers keep their notes here. Chrome grants
 * persistence to extensions with `unlimitedStorage`; Firefox may need the explicit request.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    if (await navigator.storage.persisted()) return true;
    return await navigator.storage.persist();
  } catch {
    return false;
  }
}
