import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError, type ErrorDetail } from '../errors.ts';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * One rule for text genshelf stores: it is kept and returned exactly as sent, so it must be
 * well-formed Unicode without NUL. SQLite keeps a U+0000 but its C-string functions (and the
 * driver reading a row back) stop there, so such text came back cut short from some routes and
 * whole from others; an unpaired surrogate cannot be written as UTF-8 at all (the driver stores
 * U+FFFD instead). Either is refused with a 422 naming the field, before anything is written.
 * @returns why `text` cannot be stored, or undefined when it can
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (U+0000) characters';
  if (loneSurrogate.test(text)) return 'must be well-formed Unicode (an unpaired surrogate was sent)';
  return undefined;
}

/**
 * The first string (or object key) in a parsed JSON value that cannot be stored as sent, with its
 * path as the validation details name fields (`params.style.0`). Walks without recursion, so any
 * depth is safe.
 */
export function findUnstorableText(value: unknown): ErrorDetail | undefined {
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableText(v);
      if (problem) return { field: path || '(body)', message: problem };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], at(path, i)]);
    } else if (v && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        const problem = unstorableText(key);
        if (problem) return { field: at(path, key), message: `its name ${problem}` };
        stack.push([child, at(path, key)]);
      }
    }
  }
  return undefined;
}

/** Writes whose bodies are not stored: a download manifest's `filter.q` is a search, and search input is text whatever it holds. */
const NOT_STORED = new Set(['/api/v1/downloads']);

/**
 * Refuses a write whose JSON body or query string holds text that cannot be stored as sent
 * (see `unstorableText`). Reads the body through Hono's cache, so the route's validator parses
 * it once; a body that is not JSON is left to the validator.
 * @example app.use('/api/*', refuseUnstorableText)
 */
export const refuseUnstorableText = createMiddleware<AppEnv>(async function refuseUnstorableText(c, next) {
  const method = c.req.method;
  if ((method !== 'POST' && method !== 'PUT' && method !== 'PATCH') || NOT_STORED.has(c.req.path.slice(c.var.mount.length))) return next();
  let problem: ErrorDetail | undefined;
  for (const [name, values] of Object.entries(c.req.queries())) {
    for (const value of values) {
      const message = unstorableText(value);
      if (message) problem ??= { field: name, message };
    }
  }
  if (!problem && /json/i.test(c.req.header('content-type') ?? '')) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return next(); // malformed or too large: the validator and the body limit answer it
    }
    problem = findUnstorableText(body);
  }
  if (problem) throw new ApiError('validation_error', 'The request is not valid', { details: [problem] });
  return next();
});
