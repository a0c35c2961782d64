import { TZDate } from '@date-fns/tz';

/** Whether the runtime knows this IANA time zone name (web standard: Intl throws RangeError). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface LocalDay {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** The day's first instant, epoch ms (a 23- or 25-hour day around DST changes). */
  start: number;
  end: number;
}

/**
 * The last `count` calendar days in `tz` ending with the day that contains `now`, oldest first.
 * Boundaries are the zone's real midnights (or the first instant of a day whose midnight is
 * skipped by a DST change), so DST days are 23 or 25 hours long.
 */
export function lastDays(now: number, count: number, tz: string): LocalDay[] {
  const today = new TZDate(now, tz);
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  const midnight = (offset: number) => new TZDate(y, m, d + offset, tz).getTime();
  return Array.from({ length: count }, (_, i) => {
    const offset = i - (count - 1);
    return { date: new Date(Date.UTC(y, m, d + offset)).toISOString().slice(0, 10), start: midnight(offset), end: midnight(offset + 1) };
  });
}
