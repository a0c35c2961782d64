/**
 * The real genshelf API inside Storybook's Vite server (`npm run storybook`, and the story tests,
 * which run on the same Vite config): no mock. On the first request it starts the app the widget
 * tests start (api/sample/demo-app.ts) — a temp libSQL file filled with the sample data, files on
 * disk — and answers `/api`, `/files`, `/video` and `/health` on the Storybook origin, so
 * the stories use the elements' default, same-origin `api`.
 *
 * `genshelf-env.json` (at any path, so it resolves relative to the story iframe wherever that is)
 * hands the stories the demo user's token. The static build (`npm run build-storybook`) gets the
 * same file from `npm start` (api/node.ts `withStorybook`), beside the same-origin API.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** What `genshelf-env.json` answers (read by stories/story-env.ts). */
export interface StoryEnv {
  /** The sample data's user: about 60 jobs in every status, two processing and two queued. */
  token: string;
}

interface Running {
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  env: StoryEnv;
  close: () => void;
}

const apiPath = /^\/(api|files|video|health)(\/|\?|$)/;
const envPath = /\/genshelf-env\.json(\?|$)/;

/** Temp directories of earlier runs that were killed before they could remove their own. */
function removeStale(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^genshelf-storybook-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

async function start(): Promise<Running> {
  // Loaded on the first request only: a build, or a vitest run without this project, never pays for the API.
  const [{ getRequestListener }, { startDemoApp }] = await Promise.all([import('@hono/node-server'), import('../api/sample/demo-app.ts')]);
  removeStale();
  const dir = mkdtempSync(join(tmpdir(), `genshelf-storybook-${process.pid}-`));
  const secret = (name: string) => `storybook-${name}-${crypto.randomUUID()}`;
  const secrets = { AUTH_JWT_SECRET: secret('jwt'), INGEST_TOKEN: secret('ingest'), SIGNING_SECRET: secret('signing') };
  const { app, client, demoToken: token } = await startDemoApp(dir, {
    database: 'storybook.db',
    // Anonymous sessions: every story test page may start one.
    env: { ...secrets, ANON_SESSION_RATE_LIMIT: '10000' },
    token: { name: 'Demo User', expiresIn: '12h' },
  });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanup);
  return {
    // Vite's own fetch and Request stay untouched.
    listener: getRequestListener(app.fetch, { overrideGlobalObjects: false }),
    env: { token },
    close: () => {
      client.close();
      cleanup();
      process.off('exit', cleanup);
    },
  };
}

export function genshelfApi(): Plugin {
  let running: Promise<Running> | undefined;
  return {
    name: 'genshelf:api',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '/';
        const isEnv = envPath.test(url);
        if (!isEnv && !apiPath.test(url)) return next();
        running ??= start();
        running.then(
          (api) => {
            if (!isEnv) return api.listener(req, res);
            res.setHeader('content-type', 'application/json');
            res.setHeader('cache-control', 'no-store');
            res.end(JSON.stringify(api.env));
          },
          (err: unknown) => next(err),
        );
      });
    },
    async closeBundle() {
      const api = running;
      running = undefined;
      (await api?.catch(() => undefined))?.close();
    },
  };
}
