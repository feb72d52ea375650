/**
 * Typed wrappers over runtime messaging for the protocol in ./protocol.ts.
 */
import browser from './browser';
import type {
  Request, RequestType, Requests, Responses, TabMessageType, TabMessages, TabResponses,
} from './protocol';

/** Ask the background; resolves with its typed answer. */
export function send<T extends RequestType>(type: T, payload: Requests[T]): Promise<Responses[T]> {
  return browser.runtime.sendMessage({ type, ...payload }) as Promise<Responses[T]>;
}

/** Tell one tab's content scripts (all frames) something. */
export function sendToTab<T extends TabMessageType>(
  tabId: number, type: T, payload: TabMessages[T], frameId?: number,
): Promise<TabResponses[T]> {
  const options = frameId === undefined ? undefined : { frameId };
  return browser.tabs.sendMessage(tabId, { type, ...payload }, options) as Promise<TabResponses[T]>;
}

/** Narrow an unknown runtime message to a protocol request. */
export function isRequest(message: unknown): message is Request {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
