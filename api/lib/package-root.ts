/**
 * The folder holding genshelf's package.json, from any module's URL: the repository when run from
 * source (`npm start`), the installed package when run from its build (`dist/server/`, the
 * `genshelf` bin), where the modules sit at another depth. Node only (api/node.ts, the sample data).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`genshelf: no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = up;
  }
  return dir;
}
