import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * Calls `gone` once if the client goes away before its response is complete: through the
 * runtime's own watch when it has one (`Deps.onClientGone`), else the request's AbortSignal.
 */
export function whenClientGone(c: Context<AppEnv>, gone: () => void): void {
  if (c.var.deps.onClientGone?.(c, gone)) return;
  const signal = c.req.raw.signal;
  if (signal.aborted) gone();
  else signal.addEventListener('abort', gone, { once: true });
}
