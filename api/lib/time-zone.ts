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

/** Days between exact midnight computations; no zone changes its offset twice within a week. */
const STRIDE = 7;

const DAY_MS = 86_400_000;

/** A calendar date (YYYY-MM-DD) as UTC-midnight epoch ms: plain date arithmetic, no zone. */
const dateMs = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Whether `date` is a real calendar date written YYYY-MM-DD. */
export function isDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const ms = dateMs(date);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** Calendar days from `first` to `last`, both included (0 or less when `last` is before `first`). */
export const dayCount = (first: string, last: string): number => Math.round((dateMs(last) - dateMs(first)) / DAY_MS) + 1;

/** The date `n` days before `date`. */
export const dateBefore = (date: string, n = 1): string => new Date(dateMs(date) - n * DAY_MS).toISOString().slice(0, 10);

/** The calendar date (YYYY-MM-DD) in `tz` of an instant. */
export function dateIn(now: number, tz: string): string {
  const d = new TZDate(now, tz);
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())).toISOString().slice(0, 10);
}

/**
 * `count` calendar days in `tz` ending with the date `last`, oldest first. Boundaries are the
 * zone's real midnights (or the first instant of a day whose midnight a DST change skips), so DST
 * days are 23 or 25 hours long. An exact midnight costs an Intl round trip (~40 µs), so only every
 * STRIDE-th is computed exactly, and the days between take the offset of their ends when both
 * agree (no change in between) — 90 days in ~15 lookups.
 */
export function daysEnding(last: string, count: number, tz: string): LocalDay[] {
  const end = new Date(dateMs(last));
  const [y, m] = [end.getUTCFullYear(), end.getUTCMonth()];
  const first = end.getUTCDate() - (count - 1);
  const utcMidnight = (k: number) => Date.UTC(y, m, first + k);
  const exact = (k: number) => new TZDate(y, m, first + k, tz).getTime();
  const starts: number[] = [];
  for (let k0 = 0; k0 < count + 1; k0 += STRIDE) {
    const k1 = Math.min(k0 + STRIDE, count);
    const a = (starts[k0] ??= exact(k0));
    const b = (starts[k1] = exact(k1));
    const same = utcMidnight(k0) - a === utcMidnight(k1) - b;
    for (let k = k0 + 1; k < k1; k++) starts[k] = same ? utcMidnight(k) - (utcMidnight(k0) - a) : exact(k);
    if (k1 === count) break;
  }
  return Array.from({ length: count }, (_, i) => ({ date: new Date(utcMidnight(i)).toISOString().slice(0, 10), start: starts[i]!, end: starts[i + 1]! }));
}

/** The last `count` calendar days in `tz` ending with the day that contains `now`, oldest first. */
export const lastDays = (now: number, count: number, tz: string): LocalDay[] => daysEnding(dateIn(now, tz), count, tz);
