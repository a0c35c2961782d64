/**
 * `npm run dev:worker`: the Worker in local workerd (wrangler dev) with a local D1 database,
 * offline. Creates `.dev.vars` with random secrets on first run and applies the migrations.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';

const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

if (!existsSync('.dev.vars')) {
  const secret = () => randomBytes(32).toString('base64url');
  writeFileSync('.dev.vars', [`AUTH_JWT_SECRET=${secret()}`, `SIGNING_SECRET=${secret()}`, `INGEST_TOKEN=${secret()}`, ''].join('\n'), { mode: 0o600 });
  console.log('wrote .dev.vars with fresh local secrets');
}

const run = (args: string[]) => {
  const r = spawnSync('npx', ['wrangler', ...args], { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(['d1', 'migrations', 'apply', 'genshelf', '--local']);
run(['dev', ...process.argv.slice(2)]);
