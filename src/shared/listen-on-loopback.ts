import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` on 127.0.0.1 at a free port and returns its origin. Idle keep-alive
 * connections are dropped after a second, so clients that keep them open do not hold up
 * `close()`.
 */
export async function listenOnLoopback(server: http.Server): Promise<string> {
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
