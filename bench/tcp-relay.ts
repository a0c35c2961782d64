/**
 * The least any Node proxy does, as a floor for the video proxy's figures: a `node:net` relay that
 * copies bytes between each client connection and a connection of its own to the provider, both
 * ways (`pipe`), without reading a byte of HTTP — requests, `Range` and answers pass through as
 * they are, keep-alive included. What a proxy written for Node cannot go below: two sockets' reads
 * and writes per chunk in one process. Run as a child process by bench/proxy.ts:
 * `UPSTREAM=http://host:port PORT=… node --import tsx bench/tcp-relay.ts`.
 */
import { connect, createServer } from 'node:net';
import { serveAsChild } from './child-server.ts';

const upstream = new URL(process.env.UPSTREAM ?? '');

const server = createServer((client) => {
  const provider = connect(Number(upstream.port), upstream.hostname);
  client.pipe(provider);
  provider.pipe(client);
  client.once('close', () => provider.destroy());
  provider.once('close', () => client.destroy());
  client.on('error', () => {});
  provider.on('error', () => {});
});

serveAsChild(server);
