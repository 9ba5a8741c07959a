import { createServer, Server } from 'node:net';

const LOOPBACK = '127.0.0.1';

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: LOOPBACK, exclusive: true }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Finds `count` distinct free TCP ports on the loopback interface. The ports are held open
 * together until all are known, so one call never returns the same port twice.
 *
 * @publicApi
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listen());
    return servers.map((server) => (server.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map(close));
  }
}

/**
 * Finds a free TCP port on the loopback interface (listens on `127.0.0.1:0`, reads the port,
 * closes). Another process may still take it before it is used, so start the server soon.
 *
 * @publicApi
 */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}
