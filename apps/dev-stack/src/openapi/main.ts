import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repositoryRoot, startRedisServer, startStack } from '@app/stack';

/** Where `npm run openapi` writes the combined document unless given a path. */
const DEFAULT_OUTPUT = join('docs', 'api', 'openapi.json');

/**
 * `npm run openapi [-- <file>]`: starts every app once on a private redis-server, reads the
 * gateway's combined OpenAPI document (`/docs/json`) and writes it, for client generators.
 */
async function main(argv: readonly string[]): Promise<void> {
  const output = resolve(repositoryRoot(), argv[0] ?? DEFAULT_OUTPUT);
  const redis = await startRedisServer();
  try {
    // Generous: every app starts at once, and a busy machine is slow at it.
    const stack = await startStack({ redisUrl: redis.url, replicas: 1, readyTimeoutMs: 120_000 });
    try {
      const response = await fetch(`${stack.gatewayUrl}/docs/json`);
      if (!response.ok) throw new Error(`the gateway answered ${response.status} for /docs/json`);
      mkdirSync(dirname(output), { recursive: true });
      writeFileSync(output, `${JSON.stringify(await response.json(), null, 2)}\n`);
      process.stdout.write(`Wrote ${output}\n`);
    } finally {
      await stack.stop();
    }
  } finally {
    await redis.stop();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`openapi: ${error.message}\n`);
  process.exit(1);
});
