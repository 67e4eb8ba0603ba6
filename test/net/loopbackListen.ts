/**
 * Tests listen on 127.0.0.1 with a port the kernel picks, so that tests
 * running at the same time never collide on a fixed port.
 */
import type { Server } from 'node:net';

/** Starts `server` listening on 127.0.0.1 with a free port; returns the port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
