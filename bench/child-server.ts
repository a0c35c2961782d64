/**
 * What the plain `node:http` servers the bench runs as child processes (bench/range-server.ts,
 * bench/naive-proxy.ts) share: listening where bench/servers.ts told them (`PORT` on 127.0.0.1),
 * and stopping on SIGTERM/SIGINT — open keep-alive connections closed, gone within a second.
 */
import type { Server } from 'node:http';

export function serveAsChild(server: Server): void {
  server.listen(Number(process.env.PORT), '127.0.0.1');
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
