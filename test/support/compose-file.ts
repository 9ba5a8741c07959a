import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** A service of a Compose file, with the shapes Compose allows (lists or maps) made one. */
export interface ComposeService {
  image?: string;
  command: string[];
  /** Container labels (what Traefik's Docker provider reads). */
  labels: Record<string, string>;
  environment: Record<string, string>;
  /** `target` (the file name under `/run/secrets/`) by `source` (the secret's key in the file). */
  secrets: { source: string; target: string }[];
  networks: string[];
  /** The source of each mount: a volume's key in the file, or a host path. */
  volumes: string[];
  healthcheck?: Record<string, unknown>;
  logging?: Record<string, unknown>;
  stopGracePeriodSeconds?: number;
  deploy: {
    replicas?: number;
    /** Service labels (what Traefik's Swarm provider reads). */
    labels: Record<string, string>;
    placementConstraints: string[];
    updateConfig: Record<string, unknown>;
    rollbackConfig: Record<string, unknown>;
    restartPolicy: Record<string, unknown>;
    resources: Record<string, unknown>;
  };
}

/** A Compose file as `docker stack deploy` or `docker compose` sees it. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  /** Each network's `name:` (what Docker calls it), by its key in the file. */
  networkNames: Record<string, string | undefined>;
  volumes: string[];
  /** Each top-level secret's definition, by its key in the file. */
  secrets: Record<string, Record<string, unknown>>;
}

/**
 * Reads a Compose file the way Docker does before it validates it: YAML merge keys (`<<`)
 * resolved, then `${NAME}`, `${NAME:-default}`, `${NAME-default}` and `${NAME:?message}`
 * replaced from `variables` (a missing required one throws with its message), `$$` read as `$`.
 */
export function readComposeFile(path: string, variables: Record<string, string> = {}): ComposeFile {
  const raw = interpolate(parse(readFileSync(path, 'utf8'), { merge: true }), variables) as Record<string, unknown>;
  const services = asRecord(raw.services);
  return {
    services: Object.fromEntries(
      Object.entries(services).map(([name, service]) => [name, toService(asRecord(service))]),
    ),
    networkNames: Object.fromEntries(
      Object.entries(asRecord(raw.networks)).map(([key, network]) => [
        key,
        asRecord(network).name as string | undefined,
      ]),
    ),
    volumes: Object.keys(asRecord(raw.volumes)),
    secrets: Object.fromEntries(Object.entries(asRecord(raw.secrets)).map(([key, secret]) => [key, asRecord(secret)])),
  };
}

/** Seconds of a Compose duration such as `30s`, `1m30s` or `1m0s`. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)];
  if (!parts.length || parts.map(([part]) => part).join('') !== duration)
    throw new Error(`Not a duration: ${duration}`);
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
  return parts.reduce((sum, [, value, suffix]) => sum + Number(value) * unit[suffix as keyof typeof unit], 0);
}

function toService(service: Record<string, unknown>): ComposeService {
  const deploy = asRecord(service.deploy);
  const replicas = deploy.replicas;
  return {
    image: service.image as string | undefined,
    command: toList(service.command) as string[],
    labels: toMap(service.labels),
    environment: toMap(service.environment),
    secrets: toList(service.secrets).map((secret) => {
      if (typeof secret === 'string') return { source: secret, target: secret };
      const { source, target } = asRecord(secret) as { source: string; target?: string };
      return { source, target: target ?? source };
    }),
    networks: Array.isArray(service.networks)
      ? (service.networks as string[])
      : Object.keys(asRecord(service.networks)),
    volumes: toList(service.volumes).map((volume) =>
      typeof volume === 'string' ? volume.split(':')[0] : String(asRecord(volume).source),
    ),
    healthcheck: service.healthcheck === undefined ? undefined : asRecord(service.healthcheck),
    logging: service.logging === undefined ? undefined : asRecord(service.logging),
    stopGracePeriodSeconds:
      typeof service.stop_grace_period === 'string' ? durationSeconds(service.stop_grace_period) : undefined,
    deploy: {
      replicas: replicas === undefined ? undefined : Number(replicas),
      labels: toMap(deploy.labels),
      placementConstraints: toList(asRecord(deploy.placement).constraints) as string[],
      updateConfig: asRecord(deploy.update_config),
      rollbackConfig: asRecord(deploy.rollback_config),
      restartPolicy: asRecord(deploy.restart_policy),
      resources: asRecord(deploy.resources),
    },
  };
}

const VARIABLE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function interpolate(value: unknown, variables: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE, (match, braced?: string, operator?: string, argument?: string, bare?: string) => {
      if (match === '$$') return '$';
      const name = (braced ?? bare)!;
      const current = variables[name];
      const unset = current === undefined || (operator?.startsWith(':') === true && current === '');
      if (operator?.endsWith('?') && unset)
        throw new Error(`required variable ${name} is missing a value: ${argument}`);
      if (operator?.endsWith('-') && unset) return argument ?? '';
      return current ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, variables));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, variables)]));
  }
  return value;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** `[KEY=value, ...]` or `{KEY: value}` as `{KEY: 'value'}`. */
function toMap(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((entry: string) => {
        const separator = entry.indexOf('=');
        return separator === -1 ? [entry, ''] : [entry.slice(0, separator), entry.slice(separator + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(asRecord(value)).map(([key, item]) => [key, item === null ? '' : String(item)]),
  );
}
