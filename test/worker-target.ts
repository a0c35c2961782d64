/**
 * The bundled Worker in real workerd (miniflare) with a local D1 database and R2 bucket,
 * driven through HTTP like the Node target, so the same contract suite runs on both.
 */
import { Miniflare } from 'miniflare';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildWorker } from '../scripts/build-worker.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { testSecrets, type Target } from './harness.ts';

const root = join(import.meta.dirname, '..');

/** Statements of every migration in journal order: what `wrangler d1 migrations apply` runs. */
export function migrationStatements(): string[] {
  const journal = JSON.parse(readFileSync(join(root, 'drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.flatMap(({ tag }) =>
    readFileSync(join(root, 'drizzle', `${tag}.sql`), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** Older than any test run: a bundle directory left by a process that was killed. */
const STALE_BUNDLE_MS = 3 * 60 * 60 * 1000;
let bundle: Promise<string> | undefined;

/** One bundle per test process, in its own temp dir (targets come and go; the bundle stays). */
function workerBundle(): Promise<string> {
  if (!bundle) {
    const parent = join(tmpdir(), 'genshelf-bundles');
    mkdirSync(parent, { recursive: true });
    // vitest ends its forks with a signal, which skips 'exit' handlers: sweep what earlier runs left.
    for (const name of readdirSync(parent)) {
      const old = join(parent, name);
      try {
        if (Date.now() - statSync(old).mtimeMs > STALE_BUNDLE_MS) rmSync(old, { recursive: true, force: true });
      } catch {
        // Another process swept it first.
      }
    }
    const dir = mkdtempSync(join(parent, 'bundle-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    bundle = buildWorker(join(dir, 'worker.js'));
  }
  return bundle;
}

/**
 * `opts.assets`: a directory served as the Worker's static assets, bound as ASSETS and behind the
 * Worker (as `[assets]` in wrangler.toml sets it up).
 */
export async function workerTarget(bindings: Record<string, string> = {}, opts: { secrets?: boolean; assets?: string; sampleApps?: boolean } = {}): Promise<Target & { scheduled(): Promise<string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-workerd-'));
  const scriptPath = await workerBundle();
  const secrets = testSecrets();
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // The bundle lives in a temp dir; module names are resolved relative to this root.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: '2026-04-20',
    // No network here: don't try to fetch Cloudflare's request.cf placeholder.
    cf: false,
    d1Databases: ['DB'],
    r2Buckets: ['BUCKET'],
    d1Persist: join(dir, 'd1'),
    r2Persist: join(dir, 'r2'),
    bindings: { ...(opts.secrets === false ? {} : secrets), ...bindings },
    ...(opts.assets
      ? {
          assets: {
            directory: opts.assets,
            binding: 'ASSETS',
            routerConfig: { invoke_user_worker_ahead_of_assets: true, has_user_worker: true },
            assetConfig: { html_handling: 'none' as const, not_found_handling: 'none' as const },
          },
        }
      : {}),
  });
  const d1 = await mf.getD1Database('DB');
  for (const statement of migrationStatements()) await d1.prepare(statement).run();
  // The sample apps most suites ingest for (nodeTarget registers them too).
  if (opts.sampleApps !== false) {
    const insert = d1.prepare('insert into apps (id, name, icon, color, description, position, icon_svg, icon_url, href_template, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)');
    await d1.batch(sampleApps.map((a) => insert.bind(a.id, a.name, a.icon, a.color, a.description, a.position ?? 0, a.icon_svg, a.icon_url, a.href_template)));
  }
  return {
    name: 'workerd',
    fetch: async (path, init) => (await mf.dispatchFetch(`http://localhost${path}`, init as never)) as unknown as Response,
    secrets,
    clock: null,
    db: null,
    blobs: null,
    sql: async (queries) => (await d1.batch<Record<string, unknown>>(queries.map((q) => d1.prepare(q)))).map((result) => result.results),
    /** Fires the cron trigger; resolves to the handler's outcome ("ok" or an error outcome). */
    scheduled: async () => (await (await mf.getWorker()).scheduled({ cron: '*/30 * * * *' })).outcome,
    close: async () => {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
