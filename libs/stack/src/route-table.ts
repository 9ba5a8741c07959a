/**
 * One app of the stack as the gateway (and, in production, Traefik) routes to it.
 *
 * @publicApi
 */
export interface AppRoute {
  /** Nest CLI project name, also the Docker service name. */
  app: string;
  /** Every path the app serves starts with this prefix. */
  prefix: string;
  /** Answers 200 while the process runs. */
  livenessPath: string;
  /** Answers 200 while the app can serve (Redis reachable, not shutting down). */
  readinessPath: string;
  /** Variables the app reads that are secrets (Docker secrets in production, `NAME_FILE`). */
  secrets: string[];
}

const route = (app: string): AppRoute => ({
  app,
  prefix: `/${app}`,
  livenessPath: `/${app}/health/live`,
  readinessPath: `/${app}/health/ready`,
  secrets: ['SESSION_SECRETS'],
});

/**
 * The route table, defined once: the local gateway routes by it, and tests check the Traefik
 * labels of the stack file against it.
 *
 * @publicApi
 */
export const ROUTE_TABLE: readonly AppRoute[] = [route('auth'), route('profile'), route('cart')];

/** Where `nest build <app>` puts an app's entry point, relative to the repository root. */
export const appEntryFile = (app: string): string => `dist/apps/${app}/main.js`;
