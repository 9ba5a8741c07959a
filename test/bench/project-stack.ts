import { ROUTE_TABLE, Stack, startStack } from '@app/stack';

const PASSWORD = 'correct horse battery staple';
/** The apps the bench loads; `npm run bench` builds these, whatever else the route table holds. */
export const BENCH_APPS = ROUTE_TABLE.filter(({ app }) => ['auth', 'profile', 'cart'].includes(app));

/** The project's apps as in production, and a signed-in session on them. */
export interface ProjectStack {
  stack: Stack;
  /** Base URL of the first replica of each app, by app name. */
  urls: Record<string, string>;
  /** `Cookie` header of a signed-in session. */
  cookie: string;
  /** A registered account, for the login row. */
  credentials: { email: string; password: string };
}

/**
 * What production runs with by default: JSON logs with a line per request (`LOG_LEVEL=log`), and
 * metrics, which are always on.
 */
export const PRODUCTION_ENV = { NODE_ENV: 'production', LOG_LEVEL: 'log' } as const;

/**
 * Starts `replicas` replicas of each app the bench loads from its build (`dist/`) with the production
 * defaults (their log lines to /dev/null, as a log driver takes them) and no touch during the
 * run, registers an account and signs it in. `redis`: a `REDIS_URL`, or the variables of another
 * mode (`REDIS_CLUSTER_NODES`). `env` overrides, e.g. `LOG_LEVEL=warn`.
 */
export async function startProjectStack(
  redis: string | Record<string, string>,
  env: Record<string, string> = {},
  replicas = 1,
): Promise<ProjectStack> {
  const stack = await startStack({
    ...(typeof redis === 'string' ? { redisUrl: redis } : { redisEnv: redis }),
    replicas,
    apps: BENCH_APPS,
    discardLogs: true,
    env: {
      ...PRODUCTION_ENV,
      // Every bench client comes from 127.0.0.1: lift the per-address registration limit.
      REGISTER_MAX_PER_WINDOW: '1000',
      // The rows measure reads that change nothing: no touch during the run (the idle timeout
      // is 1,800 s). What a touch costs is measured on its own (`measureTouchCost`).
      SESSION_TOUCH_INTERVAL_SECONDS: '1799',
      ...env,
    },
  });
  try {
    const urls = Object.fromEntries(
      BENCH_APPS.map(({ app }) => [app, stack.replicas.find((replica) => replica.app === app)!.url]),
    );
    return { stack, urls, ...(await registerAndSignIn(urls.auth)) };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** Registers a new account on the auth app at `authUrl` and signs it in. */
export async function registerAndSignIn(authUrl: string): Promise<Pick<ProjectStack, 'cookie' | 'credentials'>> {
  const credentials = {
    email: `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
    password: PASSWORD,
  };
  const post = (path: string): Promise<Response> =>
    fetch(`${authUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
  const registered = await post('/auth/register');
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  return { cookie: sessionCookie(await post('/auth/login')), credentials };
}

/** The `name=value` of the cookie a sign-in response sets. */
export function sessionCookie(response: Response): string {
  const setCookie = response.headers.get('set-cookie');
  if (response.status !== 200 || !setCookie) throw new Error(`sign-in answered ${response.status} without a cookie`);
  return setCookie.split(';')[0];
}
