/**
 * Child processes for the bench: the real genshelf server (api/node.ts's `main`, the same entry
 * `npm start` runs), the bare Hono baseline, the plain createReadStream server (also the video
 * proxy's upstream) and nginx. Each runs in its own process, so the load generator never shares
 * their event loop. Only 127.0.0.1; every child is killed on exit. And a part's temp directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { signUserToken } from '../api/auth/tokens.ts';
import { NODE_FLAGS } from '../api/node-flags.ts';

export interface Child {
  name: string;
  port: number;
  base: string;
  proc: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

// Last line of defence: whatever way the bench ends, no server is left behind.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node --import tsx <script>` with the given environment, output to `logFile`, and waits
 * until `readyPath` answers 200.
 */
export async function startChild(name: string, script: string, env: Record<string, string>, opts: { cwd: string; logFile: string; readyPath: string; timeoutMs?: number; nodeArgs?: string[] }): Promise<Child> {
  const port = await freePort();
  return startProcess(name, process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], port, { NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' }, opts);
}

export interface Genshelf extends Child {
  secrets: { AUTH_JWT_SECRET: string; SIGNING_SECRET: string; INGEST_TOKEN: string };
  /** A user's JWT (HS256 with the server's secret) for `sub` (with `scope` when given), valid for 3 hours. */
  tokenFor(sub: string, scope?: string): Promise<string>;
  /** Registers apps by id as an operator does (`PUT /api/v1/apps/:id`): jobs are only taken for registered apps. */
  registerApps(ids: string[]): Promise<void>;
}

/**
 * The real genshelf server (api/node.ts's `main`, the `npm start` entry) with freshly generated
 * secrets, no demo data and `env` on top; ready once `/health` answers.
 */
export async function startGenshelf(env: Record<string, string>, opts: { cwd: string; logFile: string; nodeArgs?: string[] }): Promise<Genshelf> {
  const secrets = {
    AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_SECRET: randomBytes(32).toString('base64url'),
    INGEST_TOKEN: randomBytes(32).toString('base64url'),
  };
  // Started as `npm start` starts it: with genshelf's V8 flags.
  const child = await startChild('genshelf', 'api/node.ts', { ...secrets, SEED_DEMO_DATA: '0', ...env }, { ...opts, nodeArgs: [...NODE_FLAGS, ...(opts.nodeArgs ?? [])], readyPath: '/health' });
  const tokenFor = (sub: string, scope?: string) => signUserToken(secrets.AUTH_JWT_SECRET, scope ? { sub, scope } : { sub }, { expiresIn: '3h' });
  const registerApps = async (ids: string[]) => {
    const admin = await tokenFor('bench-operator', 'genshelf:admin');
    for (const id of ids) {
      const res = await fetch(`${child.base}/api/v1/apps/${id}`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: id, color: 'orange' }) });
      const text = await res.text();
      if (res.status !== 200 && res.status !== 201) throw new Error(`PUT /api/v1/apps/${id} → ${res.status}: ${text.slice(0, 500)}`);
    }
  };
  return { ...child, secrets, tokenFor, registerApps };
}

/**
 * A bench part's own temp directory under `dataDir` (mode 0755: nginx, run as nobody when the
 * bench runs as root, must reach the files in it) and the children it starts through `track`
 * (each also handed to `outer`, the caller's signal handler). When `fn` ends, however it ends,
 * the children are stopped and the directory is removed — on process exit too.
 */
export async function inWorkDir<T>(dataDir: string, prefix: string, outer: (c: Child) => void, fn: (work: string, track: <C extends Child>(c: C) => C) => Promise<T>): Promise<T> {
  mkdirSync(dataDir, { recursive: true });
  const work = mkdtempSync(join(dataDir, prefix));
  chmodSync(work, 0o755);
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  process.once('exit', removeWork);
  const children: Child[] = [];
  const track = <C extends Child>(c: C): C => {
    children.push(c);
    outer(c);
    return c;
  };
  try {
    return await fn(work, track);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    removeWork();
    process.off('exit', removeWork);
  }
}

/** Starts any command that will listen on 127.0.0.1:`port`, and waits until `readyPath` answers 200. */
export async function startProcess(name: string, command: string, args: string[], port: number, env: Record<string, string>, opts: { cwd: string; logFile: string; readyPath: string; timeoutMs?: number }): Promise<Child> {
  const out = openSync(opts.logFile, 'w');
  const proc = spawn(command, args, {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  proc.once('error', () => {}); // a missing binary shows up as an early exit below
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${name} exited during start-up (code ${proc.exitCode ?? proc.signalCode}):\n${tail(opts.logFile)}`);
    }
    try {
      const res = await fetch(base + opts.readyPath, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${name} did not become ready within ${opts.timeoutMs ?? 60_000} ms:\n${tail(opts.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name,
    port,
    base,
    proc,
    logFile: opts.logFile,
    stop: () => stopChild(proc),
  };
}

/** The nginx binary on PATH (or in /usr/sbin), or null. */
export function findNginx(): string | null {
  for (const candidate of ['nginx', '/usr/sbin/nginx', '/usr/local/sbin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      /* not there */
    }
  }
  return null;
}

export function nginxVersion(bin: string): string {
  const r = execFileSync('sh', ['-c', `"${bin}" -v 2>&1`], { encoding: 'utf8' });
  return r.trim().replace(/^nginx version:\s*/, '');
}

/**
 * nginx in the foreground serving one file at `/file`: a generated minimal config in `dir`
 * (`daemon off`, one process, `sendfile on`, pid/logs/temp paths inside `dir`, access log off).
 * `master_process off` keeps it to the one process we spawn, so killing it leaves no worker
 * behind. Run as root, it is started as `nobody` through setpriv (unprivileged).
 *
 * With `proxyTo` (an `http://host:port/path` URL) it also answers `/video` as a reverse proxy in
 * front of it — the proxy of no JavaScript the video proxy is set against: keep-alive connections
 * to the upstream, the client's `Range` passed on (nginx's default), the answer streamed as it
 * arrives (`proxy_buffering off`) through one 64 KiB buffer, the size of Node's socket reads.
 */
export async function startNginx(bin: string, file: string, dir: string, opts: { proxyTo?: string } = {}): Promise<Child> {
  mkdirSync(dir, { recursive: true });
  const root = process.getuid?.() === 0;
  if (root) chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const proxied = opts.proxyTo ? new URL(opts.proxyTo) : null;
  const q = (p: string) => `"${p.replace(/(["\\])/g, '\\$1')}"`;
  writeFileSync(
    conf,
    [
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      `pid ${q(join(dir, 'nginx.pid'))};`,
      `error_log ${q(join(dir, 'error.log'))} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  tcp_nopush on;',
      '  keepalive_requests 1000000;',
      `  client_body_temp_path ${q(join(dir, 'client_body'))};`,
      `  proxy_temp_path ${q(join(dir, 'proxy'))};`,
      `  fastcgi_temp_path ${q(join(dir, 'fastcgi'))};`,
      `  uwsgi_temp_path ${q(join(dir, 'uwsgi'))};`,
      `  scgi_temp_path ${q(join(dir, 'scgi'))};`,
      '  types { video/mp4 mp4; }',
      '  default_type video/mp4;',
      ...(proxied ? [`  upstream provider { server ${proxied.host}; keepalive 64; }`] : []),
      '  server {',
      `    listen 127.0.0.1:${port};`,
      `    location = /file { alias ${q(file)}; }`,
      ...(proxied
        ? [`    location = /video { proxy_pass http://provider${proxied.pathname}; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; proxy_buffer_size 64k; proxy_buffers 4 64k; proxy_busy_buffers_size 128k; }`]
        : []),
      '    location = /ready { return 200 "ok"; }',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')];
  const [command, argv] = root ? ['setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', bin, ...args]] : [bin, args];
  return startProcess('nginx', command, argv, port, {}, { cwd: dir, logFile: join(dir, 'stdout.log'), readyPath: '/ready', timeoutMs: 15_000 });
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
export function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
