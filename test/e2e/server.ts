/**
 * The end-to-end test's server: `npm start` in a temp directory. The widget bundle is built fresh
 * into it (as `npm start`'s prestart does into dist/), then `api/node.ts` — the entry `npm start`
 * runs — is spawned with its own database, secrets and blobs there, on a free port (PORT=0; the
 * real one is read from the start-up banner, as is the demo token it prints).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWidgets } from '../../scripts/build-widgets.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The demo user's token, as printed by the server. */
  demoToken: string;
  /** The local admin token (`genshelf:admin`), read from the file the banner names. */
  adminToken: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** `fetch` against the API with the demo token. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; data: T }>;
  /** Stops the server (SIGTERM, then SIGKILL) and removes the temp directory. */
  stop(): Promise<void>;
}

export async function startDemoServer(): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-e2e-'));
  let child: ChildProcess | undefined;
  let out = '';
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child!.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child!.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await buildWidgets(join(dir, 'dist'));
    // One process (tsx as a loader, not its CLI wrapper), so stopping it leaves nothing behind.
    child = spawn(process.execPath, ['--import', 'tsx', 'api/node.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A clean environment: nothing of the caller's genshelf settings leaks in.
      env: {
        PATH: process.env.PATH,
        ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
        HOME: dir,
        DATA_DIR: dir,
        DATABASE_URL: `file:${join(dir, 'genshelf.db')}`,
        WIDGETS_DIR: join(dir, 'dist'),
        HOST: '127.0.0.1',
        PORT: '0',
      },
    });
    const proc = child;
    const ready = await new Promise<{ base: string; demoToken: string; adminToken: string }>((resolveReady, reject) => {
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const base = /genshelf is running at (http:\/\/\S+)/.exec(out)?.[1];
        // The banner names the file holding the token, as the README's `export TOKEN=$(cat …)` reads it.
        const tokenFile = /export TOKEN=\$\(cat (\S+)\)/.exec(out)?.[1];
        const adminFile = /export ADMIN_TOKEN=\$\(cat (\S+)\)/.exec(out)?.[1];
        if (base && tokenFile && adminFile) resolveReady({ base, demoToken: readFileSync(resolve(root, tokenFile), 'utf8').trim(), adminToken: readFileSync(resolve(root, adminFile), 'utf8').trim() });
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code, signal) => reject(new Error(`api/node.ts exited (${code ?? signal}) before it was ready:\n${out}`)));
      setTimeout(() => reject(new Error(`api/node.ts was not ready after 60 s:\n${out}`)), 60_000).unref();
    });
    const api: DemoServer['api'] = async (path, init = {}) => {
      const res = await fetch(`${ready.base}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${ready.demoToken}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : undefined };
    };
    return { ...ready, output: () => out, api, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
