/**
 * What the servers the bench runs as child processes (bench/range-server.ts, bench/naive-proxy.ts,
 * bench/tcp-relay.ts) share: listening where bench/servers.ts told them (`PORT` on 127.0.0.1),
 * and stopping on SIGTERM/SIGINT — open connections (keep-alive ones included) closed, gone within
 * a second. A `node:net` server as well as a `node:http` one (which is a `node:net` server).
 */
import type { Server, Socket } from 'node:net';

export function serveAsChild(server: Server): void {
  const open = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
  const stop = () => {
    server.close(() => process.exit(0));
    for (const socket of open) socket.destroy();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
