import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';

/**
 * The client's address as the runtime knows it (Node: the socket; Workers: CF-Connecting-IP);
 * without one (tests through `app.request`), the `x-genshelf-client-ip` header.
 */
export const clientAddress = (c: Context<AppEnv>): string => c.var.deps.clientIp?.(c) ?? c.req.header('x-genshelf-client-ip') ?? 'unknown';

/**
 * Lets `task` finish after the response: on Workers the isolate is kept for it
 * (`executionCtx.waitUntil`); on Node the process simply goes on.
 */
export function afterResponse(c: Context, task: Promise<unknown>): void {
  let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    return; // no execution context: Node
  }
  ctx.waitUntil(task);
}
