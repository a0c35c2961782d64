import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { fileUrlExpiry } from './file-urls.ts';

/** What presenters need to sign file URLs for one response. */
export interface UrlContext {
  secret: string;
  base: string;
  now: number;
  ttlSeconds: number;
}

// `c.get` rather than `c.var`: Hono builds a new object of every variable on each `c.var` read.
export const urlContext = (c: Context<AppEnv>): UrlContext => {
  const { config, clock } = c.get('deps');
  return { secret: config.SIGNING_SECRET, base: config.PUBLIC_BASE_URL ?? new URL(c.req.url).origin + c.get('mount'), now: clock.now(), ttlSeconds: config.FILE_URL_TTL_S };
};

/** What of a UrlContext shows in a response: the base, and the expiry step file URLs signed now get (a kept page is one step's). */
export const urlsKey = (urls: UrlContext): string => `${urls.base} ${fileUrlExpiry(urls.now, urls.ttlSeconds)}`;
