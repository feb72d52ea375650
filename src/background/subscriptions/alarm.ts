/**
 * The periodic check. Every list has its own `dueAt`; the alarm only wakes the worker often
 * enough to notice (30 minutes, small against the 4-hour minimum interval), and `refreshDue`
 * fetches just the lists that are due. The browser API sits behind `AlarmsLike` so tests and
 * both browsers' `browser.alarms` fit.
 */
export const REFRESH_ALARM = 'backstory-refresh-lists';
export const REFRESH_PERIOD_MINUTES = 30;
/** The first check after (re)scheduling: soon, but not in the middle of the worker's start. */
export const FIRST_CHECK_DELAY_MINUTES = 1;

export interface AlarmInfo {
  delayInMinutes?: number;
  periodInMinutes?: number;
}

export interface AlarmsLike {
  get(name: string): Promise<{ name: string } | undefined | null>;
  create(name: string, info: AlarmInfo): void | Promise<void>;
}

/**
 * Create the alarm unless it exists. Call on every worker start: alarms survive worker restarts
 * but not always browser updates, and re-creating an existing one would push its next run back.
 */
export async function scheduleRefresh(alarms: AlarmsLike): Promise<void> {
  const existing = await alarms.get(REFRESH_ALARM);
  if (existing) return;
  await alarms.create(REFRESH_ALARM, { delayInMinutes: FIRST_CHECK_DELAY_MINUTES, periodInMinutes: REFRESH_PERIOD_MINUTES });
}

export function isRefreshAlarm(alarm: { name: string }): boolean {
  return alarm.name === REFRESH_ALARM;
}
