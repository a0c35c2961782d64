/**
 * `npm start`'s first minutes: api/node.ts spawned as `npm start` runs it. A taken port is
 * reported in one readable line before anything is written (the demo token and the API over the
 * token file are covered by the end-to-end test, which reads the token as the README does).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function runNode(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/node.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, stdout, stderr }));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    timer.unref();
  });
}

describe('npm start on a port that is taken', () => {
  it('prints one line naming the port and how to pick another, exits 1, and fills no database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-start-'));
    const taken: Server = createServer();
    await new Promise<void>((ready) => taken.listen(0, '127.0.0.1', ready));
    cleanups.push(() => taken.close(), () => rmSync(dir, { recursive: true, force: true }));
    const port = (taken.address() as AddressInfo).port;

    const run = await runNode({ HOME: dir, DATA_DIR: dir, DATABASE_URL: `file:${join(dir, 'genshelf.db')}`, HOST: '127.0.0.1', PORT: String(port) });

    const output = run.stdout + run.stderr;
    expect(run.code, output).toBe(1);
    expect(run.stderr.trim().split('\n'), output).toEqual([`genshelf: port ${port} on 127.0.0.1 is already in use (is genshelf already running?). Pick another one: PORT=${port + 1} npm start`]);
    expect(output).not.toMatch(/EADDRINUSE|\n\s+at /);
    expect(existsSync(join(dir, 'genshelf.db')), 'no database was created').toBe(false);
  });
});
