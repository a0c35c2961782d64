import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one error vocabulary of the API (SPEC §4.1). Codes are part of the public contract. */
export const errorCodes = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  request_timeout: 408,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  quota_exceeded: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  validation_error: 422,
  rate_limited: 429,
  headers_too_large: 431,
  internal_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
  /** A signed file URL past its time: the client lists the item again for a fresh one (never a redirect). */
  url_expired: 403,
  // The video proxy (seed 002).
  video_not_found: 404,
  video_expired: 410,
  upstream_unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorDetail {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: string;
  message: string;
  request_id: string;
  details?: ErrorDetail[];
}

/**
 * Thrown anywhere in a request; `app.onError` turns it into the standard body.
 * `code` may be a seed-specific code (e.g. seed 002's `video_not_found`) as long as a status is given.
 */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly details?: ErrorDetail[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: ErrorDetail[]; headers?: Record<string, string>; status?: ContentfulStatusCode; cause?: unknown } = {},
  ) {
    super(options.status ?? errorCodes[code], { message, cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const notFound = (what = 'Resource') => new ApiError('not_found', `${what} not found`);

/** Whether a database error is a UNIQUE constraint violation (libSQL and D1 both name it so). */
export const isUniqueViolation = (err: unknown): boolean => /UNIQUE/i.test(String((err as { cause?: unknown })?.cause ?? err));

/** The errors a database error wraps (drizzle's DrizzleQueryError → LibsqlError → SqliteError). */
function* causes(err: unknown): Generator<unknown> {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) yield e;
}

/** Whether a database error is SQLite's "database is locked" (SQLITE_BUSY and its extended codes). */
export const isDatabaseBusy = (err: unknown): boolean =>
  [...causes(err)].some((e) => /^SQLITE_BUSY/.test(String((e as { code?: unknown }).code ?? '')) || /database is locked/i.test(String((e as { message?: unknown }).message ?? '')));
