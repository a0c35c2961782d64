/**
 * Child processes for the bench: the real genshelf server (api/node.ts's `main`, the same entry
 * `npm start` runs) and the bare Hono baseline. Each runs in its own Node process, so the load
 * generator never shares their event loop. Only 127.0.0.1; every child is killed on exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

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
export async function startChild(name: string, script: string, env: Record<string, string>, opts: { cwd: string; logFile: string; readyPath: string; timeoutMs?: number }): Promise<Child> {
  const port = await freePort();
  const out = openSync(opts.logFile, 'w');
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
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
