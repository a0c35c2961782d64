import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'not_found' }),
    message: z.string().openapi({ example: 'Job not found' }),
    request_id: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Error');

const errorContent = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
});

/** The error responses a route can give, for the OpenAPI document. */
export const errors = {
  400: errorContent('Malformed request (e.g. unparsable JSON)'),
  401: errorContent('Missing, invalid or expired token'),
  403: errorContent('Authenticated, but not allowed (another owner\'s data, wrong credential kind)'),
  404: errorContent('Not found'),
  409: errorContent('Conflicts with the current state'),
  410: errorContent('Gone'),
  413: errorContent('Body too large'),
  422: errorContent('Validation error, with details per field'),
} as const;

export const pick = <K extends keyof typeof errors>(...codes: K[]) =>
  Object.fromEntries(codes.map((c) => [c, errors[c]])) as Pick<typeof errors, K>;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/** Query-string integer: `"20"` → 20; anything that is not a whole number is a validation error. */
export const queryInt = () =>
  z
    .string()
    .regex(/^-?\d{1,9}$/, 'must be a whole number')
    .transform(Number);

/**
 * Query-string integer held to `min`…`max` instead of refused, for the seed surfaces whose
 * originals clamp (a whole number is still required: `limit=abc` is a 422).
 */
export const clampedQueryInt = (min: number, max = Number.MAX_SAFE_INTEGER) => queryInt().transform((n) => Math.min(max, Math.max(min, n)));

/** Query-string boolean: true/false/1/0. */
export const queryBool = () =>
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** ISO 8601 date or date-time → epoch milliseconds. */
export const isoInstant = () =>
  z
    .string()
    .max(40)
    .refine((v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date or date-time')
    .transform((v) => Date.parse(v));

export const IdParam = z.object({
  id: z.string().min(1).max(128).openapi({ param: { name: 'id', in: 'path' }, example: '0b7d3c1e-5c43-4a53-9b3e-1d1b0f1f7d11' }),
});

export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

/** How deep stored free-form JSON may nest (SQLite's json() stops at 1,000 levels; nobody's generation parameters need more than a few). */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` levels (counted without recursion, so any depth is safe). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A free-form JSON object that is stored (a job's `params`): at most MAX_JSON_DEPTH levels and
 * `maxBytes` as JSON text, checked in that order — the size check serializes, which a deeper value
 * would overflow the stack doing.
 */
export const storedJsonObject = (maxBytes: number) =>
  z
    .record(z.string(), z.unknown())
    .superRefine((value, ctx) => {
      if (nestsDeeperThan(value, MAX_JSON_DEPTH)) ctx.addIssue({ code: 'custom', message: `must nest at most ${MAX_JSON_DEPTH} levels deep` });
      else if (new TextEncoder().encode(JSON.stringify(value)).byteLength > maxBytes) ctx.addIssue({ code: 'custom', message: `must be at most ${maxBytes / 1024} KiB as JSON` });
    })
    .openapi({ description: `Any JSON object, at most ${MAX_JSON_DEPTH} levels deep and ${maxBytes} bytes as JSON` });
