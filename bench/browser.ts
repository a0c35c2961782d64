/** What the browser benches share: a loopback server's origin and a headless Debian chromium. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from '../scripts/ensure-chromium.ts';

/** Starts `server` on a free loopback port and answers its origin. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Debian's chromium through playwright-core (never a downloaded browser); `part` names the bench in the error. */
export function launchChromium(part: string, extraArgs: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error(`${part}: no chromium (apt-get install -y chromium, or set CHROME_PATH)`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}
