import { createGateway } from '@app/stack';
import { announce } from './announce';

/**
 * The development gateway in a process of its own, so that its cost is not shared with the
 * load generator's. `UPSTREAMS` is the JSON of `GatewayOptions.upstreams`.
 */
async function main(): Promise<void> {
  const gateway = await createGateway({
    upstreams: JSON.parse(process.env.UPSTREAMS ?? '{}') as Record<string, string[]>,
  });
  announce(Number(new URL(gateway.url).port), () => gateway.close());
}

void main();
