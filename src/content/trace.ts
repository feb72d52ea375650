/**
 * Timing marks for measuring the page side (scripts/bench/page-trace.ts). Off in the shipped
 * build: `__BACKSTORY_TRACE__` is defined only by the trace bench's own build of this script,
 * so `trace` is an empty function everywhere else. The marks go to the page's performance
 * timeline (shared by every world of the page), named `bs:<what>`.
 */
declare const __BACKSTORY_TRACE__: boolean | undefined;

export const TRACING = typeof __BACKSTORY_TRACE__ !== 'undefined' && __BACKSTORY_TRACE__;

export function trace(what: string): void {
  if (TRACING) performance.mark(`bs:${what}`);
}
