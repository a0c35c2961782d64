/**
 * The one error handler: every error becomes the standard body (`ApiError`s as they are, Hono's
 * own exceptions mapped onto the vocabulary, anything else a logged 500). Apart from
 * api/errors.ts, which every layer imports, so the vocabulary never depends on the app's `Env`.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../env.ts';
import { ApiError, errorCodes, isDatabaseBusy, type ErrorBody, type ErrorCode, type ErrorDetail } from '../errors.ts';

export function errorBody(c: Context<AppEnv>, code: string, message: string, details?: ErrorDetail[]): ErrorBody {
  const body: ErrorBody = { error: code, message, request_id: c.get('requestId') ?? '' };
  if (details?.length) body.details = details;
  return body;
}

/** Builds the standard error response; used by `onError` and by handlers that answer errors directly. */
export function errorResponse(c: Context<AppEnv>, err: ApiError): Response {
  if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(errorBody(c, err.code, err.message, err.details), err.status as ContentfulStatusCode);
}

/** Maps Hono's own exceptions (body limit, malformed JSON, …) onto the vocabulary. */
function fromHttpException(err: HTTPException): ApiError {
  switch (err.status) {
    case 413:
      return new ApiError('payload_too_large', 'The request body is too large');
    case 400:
      return new ApiError('bad_request', err.message || 'Malformed request');
    case 401:
      return new ApiError('unauthorized', 'Missing or invalid authorization header');
    default: {
      const code = (Object.keys(errorCodes) as ErrorCode[]).find((k) => errorCodes[k] === err.status);
      return code ? new ApiError(code, err.message || code) : new ApiError('internal_error', 'Internal error');
    }
  }
}

/** Seconds a client should wait before trying a write again that met a locked database. */
const BUSY_RETRY_AFTER_S = 1;

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException) return errorResponse(c, fromHttpException(err));
  if (isDatabaseBusy(err)) {
    // Another process held the write lock longer than the database waits (DB_BUSY_TIMEOUT_MS): nothing was written.
    c.get('log')?.warn('database busy', { request_id: c.get('requestId') });
    return errorResponse(c, new ApiError('service_unavailable', 'The database is busy; try again shortly', { headers: { 'Retry-After': String(BUSY_RETRY_AFTER_S) } }));
  }
  // Unexpected: log with the request id, never leak the message (it may hold SQL or upstream URLs).
  c.get('log')?.error('unhandled error', { request_id: c.get('requestId'), error: err instanceof Error ? err.stack ?? err.message : String(err) });
  return errorResponse(c, new ApiError('internal_error', 'Internal error'));
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`));
