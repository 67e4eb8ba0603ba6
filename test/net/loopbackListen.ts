/**
 * Tests listen on 127.0.0.1 with a port the kernel picks, so that tests
 * running at the same time never collide on a fixed port.
 */
import { createServer, type Server } from 'node:net';

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

/**
 * n distinct free TCP ports on 127.0.0.1 for a server the test starts
 * later: all n listeners stay open until every port is taken, so the
 * kernel cannot hand the same port out twice.
 */
export async function freeTcpPorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  try {
    return await Promise.all(servers.map((server) => listenOnLoopback(server)));
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

export async function freeTcpPort(): Promise<number> {
  const [port] = await freeTcpPorts(1);
  return port!;
}
