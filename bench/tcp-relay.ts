/**
 * The least any Node proxy does, as a floor for the video proxy's figures: a `node:net` relay that
 * copies bytes between each client connection and a connection of its own to the provider, both
 * ways (`pipe`), without reading a byte of HTTP — requests, `Range` and answers pass through as
 * they are, keep-alive included. What a proxy written for Node cannot go below: two sockets' reads
 * and writes per chunk in one process. Run as a child process by bench/proxy.ts:
 * `UPSTREAM=http://host:port PORT=… node --import tsx bench/tcp-relay.ts`.
 */
import { connect, createServer, type Socket } from 'node:net';

const upstream = new URL(process.env.UPSTREAM ?? '');
const open = new Set<Socket>();

const server = createServer((client) => {
  const provider = connect(Number(upstream.port), upstream.hostname);
  for (const s of [client, provider]) {
    open.add(s);
    s.once('close', () => open.delete(s));
  }
  client.pipe(provider);
  provider.pipe(client);
  client.once('close', () => provider.destroy());
  provider.once('close', () => client.destroy());
  client.on('error', () => {});
  provider.on('error', () => {});
});

server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  for (const s of open) s.destroy();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
