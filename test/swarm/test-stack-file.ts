import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repositoryRoot } from '@app/stack';

/** What the test changes in docker/stack.yml to run it on this machine. */
export interface TestStackOptions {
  /** The image of Redis, built here (no registry can be reached). */
  redisImage: string;
  /** An image with `node` for the probe service. */
  probeImage: string;
  /** The apps' health check start period: a replica starting on a busy shared machine may take a minute. */
  startPeriod: string;
}

/** The Compose file format the docker.io package's client (20.10) needs named in the file. */
export const COMPOSE_VERSION = '3.9';

// Traefik and its socket proxy: no Traefik image can be had here.
const REPLACED = ['traefik', 'socket-proxy'];

/**
 * docker/stack.yml as the test deploys it, as YAML: every service reached by DNS round-robin
 * (`endpoint_mode: dnsrr`: the machine's kernel has no IPVS for Swarm's virtual IPs), no
 * `start_interval` (Docker 25+; the engine here is 20.10), the apps' start period longer, Redis's
 * image built here, and Traefik replaced by `probe`, an idle node process on the edge network
 * that the test runs test/swarm/probe.js in. Everything else (the apps' images, replicas,
 * secrets, health checks, update and rollback settings, networks) is the file's, with its
 * `${VARIABLES}` left for `docker stack deploy` to fill in.
 */
export function testStackFile(apps: readonly string[], options: TestStackOptions): string {
  // YAML 1.1, as Docker reads it: `mode: 0400` is octal there.
  const stack = parse(readFileSync(join(repositoryRoot(), 'docker/stack.yml'), 'utf8'), {
    merge: true,
    version: '1.1',
  }) as {
    services: Record<string, { image?: string; deploy?: Record<string, unknown> } & Record<string, unknown>>;
    volumes: Record<string, unknown>;
    networks: Record<string, unknown>;
  } & Record<string, unknown>;
  for (const name of REPLACED) delete stack.services[name];
  delete stack.volumes.letsencrypt;
  delete stack.networks['docker-api'];
  // The anchors' own keys: merged into the services already.
  for (const key of Object.keys(stack)) if (key.startsWith('x-')) delete stack[key];

  stack.services.redis.image = options.redisImage;
  stack.services.probe = {
    image: options.probeImage,
    command: ['node', '-e', 'setInterval(() => {}, 2 ** 30)'],
    networks: ['edge'],
    deploy: { replicas: 1 },
  };
  for (const service of Object.values(stack.services)) {
    service.deploy = { ...service.deploy, endpoint_mode: 'dnsrr' };
    // Docker 25's; the engine here (20.10) has no such setting, and its client refuses the key.
    delete (service.healthcheck as Record<string, unknown> | undefined)?.start_interval;
  }
  for (const app of apps) {
    stack.services[app].healthcheck = {
      ...(stack.services[app].healthcheck as object),
      start_period: options.startPeriod,
    };
  }
  // The docker.io package's client (20.10) refuses a file without a version.
  return stringify({ version: COMPOSE_VERSION, ...stack }, { version: '1.1' });
}
