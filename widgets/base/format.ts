/**
 * Numbers, sizes and relative times through `Intl`, with formatters cached per locale
 * (constructing an `Intl` formatter costs far more than using one).
 */

type Formatter = Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.DateTimeFormat | Intl.PluralRules;

const cache = new Map<string, Formatter>();

function cached<T extends Formatter>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

/** `1234` → `1,234` (en), `1.234` (de). */
export function formatNumber(value: number, locale?: string, options: Intl.NumberFormatOptions = {}): string {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options)).format(value);
}

/**
 * A message by CLDR plural category, as `Intl.PluralRules` picks it: English needs `one` and
 * `other`, Arabic `zero`, `one`, `two`, `few`, `many` and `other`, Japanese `other` alone.
 * `{n}` is the count, formatted for the locale; `{name}` any value passed beside it.
 */
export type Plural = { [K in Intl.LDMLPluralRule]?: string } & { other: string };

/** `plural({one: '{n} item', other: '{n} items'}, 3, 'en')` → `3 items`. */
export function plural(forms: Plural, count: number, locale?: string, values: Record<string, string> = {}): string {
  const rule = cached(`p|${locale}`, () => new Intl.PluralRules(locale)).select(count);
  return (forms[rule] ?? forms.other).replace(/\{(\w+)\}/g, (all, key: string) => (key === 'n' ? formatNumber(count, locale) : (values[key] ?? all)));
}

/** `1536000` → `1.5 MB` (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
  let i = 0;
  let v = bytes;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  // Bytes in words ("0 bytes", "1 byte"): the short form is "byte" whatever the count.
  return formatNumber(v, locale, { style: 'unit', unit: units[i], unitDisplay: i ? 'short' : 'long', maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 });
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Infinity],
];

/** `2 hours ago`, `yesterday`, `in 3 days` — the largest unit that fits. */
export function formatRelativeTime(date: Date | string | number, locale?: string, now = Date.now()): string {
  let v = (new Date(date).getTime() - now) / 1000;
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (Math.abs(v) < 45) return rtf.format(0, 'second');
  for (const [unit, size] of steps) {
    if (Math.abs(v) < size) return rtf.format(Math.round(v), unit);
    v /= size;
  }
  return rtf.format(Math.round(v), 'year');
}

/** `83.4` → `1:23` (a video's length), in the locale's digits. */
export function formatDuration(seconds: number, locale?: string): string {
  const s = Math.round(seconds);
  return `${formatNumber(Math.floor(s / 60), locale)}:${formatNumber(s % 60, locale, { minimumIntegerDigits: 2 })}`;
}

/** The full date and time, for a `title` beside a relative time. */
export function formatDateTime(date: Date | string | number, locale?: string): string {
  return cached(`d|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(date));
}

/** A date formatter for `options`, made once per locale and options (an element's render asks again each time). */
export function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`dt|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

const warmed = new Set<string | undefined>();

/**
 * Creates this locale's formatters in a task of their own (once per locale). The first `Intl`
 * formatter a page makes loads ICU's data — tens of milliseconds — and without this the first
 * render with data would pay for it; elements call it when they connect, so it runs while their
 * first request is still in flight.
 */
export function warmFormatters(locale?: string): void {
  if (warmed.has(locale)) return;
  warmed.add(locale);
  const warm = () => {
    formatNumber(0, locale);
    formatRelativeTime(0, locale);
    formatDateTime(0, locale);
  };
  setTimeout(warm);
}
