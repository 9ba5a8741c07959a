import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createGateway,
  Gateway,
  RedisServer,
  repositoryRoot,
  ROUTE_TABLE,
  startRedisServer,
  throwawaySessionSecret,
} from '@app/stack';
import { AppProcess, startAppProcess } from './support/app-process';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
}

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}

interface OpenApiDocument {
  openapi: string;
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<string, { type: string; in: string; name: string }>;
    schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;
  };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);

/** `GET /auth/sessions/:id` for each operation, in Nest's path syntax. */
function operationsOf(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => METHODS.has(method))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

/** What Nest says it mapped while the app started (`Mapped {/auth/me, GET} route`). */
function registeredRoutes(lines: readonly string[]): string[] {
  return lines.flatMap((line) => {
    let entry: { context?: string; msg?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return [];
    }
    const mapped = entry.context === 'RouterExplorer' ? /^Mapped \{(\S+), (\w+)\} route$/.exec(entry.msg ?? '') : null;
    return mapped ? [`${mapped[2]} ${mapped[1]}`] : [];
  });
}

describe('OpenAPI: each app documents every route it serves, and the gateway shows them all', () => {
  let redis: RedisServer;
  let gateway: Gateway;
  const apps = new Map<string, AppProcess>();
  const documents = new Map<string, OpenApiDocument>();

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      REDIS_URL: redis.url,
      SESSION_SECRETS: throwawaySessionSecret(),
      LOG_LEVEL: 'log',
      LOG_FORMAT: 'json',
    };
    const started = await Promise.allSettled(
      ROUTE_TABLE.map(async ({ app }) => apps.set(app, await startAppProcess(app, env))),
    );
    const failure = started.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    gateway = await createGateway({
      upstreams: Object.fromEntries(ROUTE_TABLE.map(({ app, prefix }) => [prefix, [apps.get(app)!.url]])),
    });
    for (const { app, prefix } of ROUTE_TABLE) {
      const response = await fetch(`${gateway.url}${prefix}/docs/json`);
      expect(response.status).toBe(200);
      documents.set(app, (await response.json()) as OpenApiDocument);
    }
  });

  afterAll(async () => {
    await gateway?.close();
    await Promise.all([...apps.values()].map((app) => app.stop()));
    await redis?.stop();
  });

  it.each(ROUTE_TABLE.map(({ app }) => [app]))('%s: its document has exactly the routes it registered', (app) => {
    const registered = registeredRoutes(apps.get(app)!.lines);
    // Health and metrics at least: the log was read.
    expect(registered.length).toBeGreaterThanOrEqual(3);
    expect(operationsOf(documents.get(app)!).sort()).toEqual(registered.sort());
  });

  it('shows which routes need a session: the session cookie as their security, with 401 and 503', () => {
    for (const document of documents.values()) {
      // A document declares the cookie only when one of its routes takes it (web's take none).
      const takesTheCookie = Object.values(document.paths).some((item) =>
        Object.values(item).some((operation) => operation.security?.some((item) => 'session' in item)),
      );
      if (takesTheCookie) {
        expect(document.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'sid' });
      }
      for (const item of Object.values(document.paths)) {
        for (const operation of Object.values(item)) {
          // Public: no cookie needed; optional: the cookie or nothing (the cart).
          if (!operation.security?.length || operation.security.some((item) => !Object.keys(item).length)) continue;
          expect(operation.security).toEqual([{ session: [] }]);
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '503']));
        }
      }
    }
    const [auth, profile, cart] = ['auth', 'profile', 'cart'].map((app) => documents.get(app)!);
    expect(auth.paths['/auth/me'].get.security).toEqual([{ session: [] }]);
    expect(auth.paths['/auth/sessions/{id}'].delete.security).toEqual([{ session: [] }]);
    expect(profile.paths['/profile'].patch.security).toEqual([{ session: [] }]);
    expect(auth.paths['/auth/login'].post.security).toEqual([]);
    expect(auth.paths['/auth/health/ready'].get.security).toEqual([]);
    expect(cart.paths['/cart/catalog'].get.security).toEqual([]);
    expect(cart.paths['/cart/items'].post.security).toEqual([{ session: [] }, {}]);
    expect(auth.paths['/auth/users/{id}/roles'].put.responses['403'].description).toMatch(
      /^Needs one of the roles: admin\b/,
    );
  });

  it('names the schema of every answer: the error body for each error, a component for each JSON success', () => {
    const unnamed: string[] = [];
    for (const [app, document] of documents) {
      for (const [path, item] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(item)) {
          for (const [status, { content }] of Object.entries(operation.responses)) {
            const where = `${app}: ${method.toUpperCase()} ${path} ${status}`;
            if (status === '204') {
              if (content) unnamed.push(`${where} has content`);
              continue;
            }
            if (!content) unnamed.push(`${where} has no content`);
            for (const [type, { schema }] of Object.entries(content ?? {})) {
              const named = schema.$ref ?? schema.items?.$ref;
              if (Number(status) >= 400 && named !== '#/components/schemas/ErrorResponse') {
                unnamed.push(`${where} ${type}: ${JSON.stringify(schema).slice(0, 80)}`);
              }
              if (Number(status) < 400 && type === 'application/json' && !named) {
                unnamed.push(`${where} ${type}: ${JSON.stringify(schema).slice(0, 80)}`);
              }
            }
          }
        }
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('describes request bodies from the DTOs and their validation rules', () => {
    const auth = documents.get('auth')!;
    expect(auth.paths['/auth/login'].post.requestBody?.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CredentialsDto',
    );
    const credentials = auth.components.schemas.CredentialsDto;
    expect(credentials.required?.sort()).toEqual(['email', 'password']);
    expect(credentials.properties.email).toMatchObject({ type: 'string', format: 'email', maxLength: 254 });
    expect(credentials.properties.password).toMatchObject({ type: 'string', minLength: 8, maxLength: 128 });
  });

  it.each(ROUTE_TABLE.map(({ prefix }) => [prefix]))('serves the interactive page at %s/docs', async (prefix) => {
    const page = await fetch(`${gateway.url}${prefix}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('swagger-ui');
    const script = await fetch(`${gateway.url}${prefix}/docs/swagger-ui-bundle.js`);
    expect(script.status).toBe(200);
    await script.body?.cancel();
  });

  it('says request bodies as strictly as the server checks them', () => {
    const schemas = (app: string) => documents.get(app)!.components.schemas;
    expect(schemas('cart').AddItemDto).toMatchObject({ additionalProperties: false });
    expect(schemas('cart').AddItemDto.properties.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: 99 });
    expect(schemas('profile').UpdateProfileDto).toMatchObject({ additionalProperties: false, minProperties: 1 });
    const { pattern } = schemas('profile').UpdateProfileDto.properties.displayName as { pattern: string };
    expect(new RegExp(pattern).test('Ada Lovelace')).toBe(true);
    expect(new RegExp(pattern).test('Ada\u001b[2J')).toBe(false);
  });

  it('serves one page on the gateway, and one document of every app for client generators', async () => {
    const combined = (await (await fetch(`${gateway.url}/docs/json`)).json()) as OpenApiDocument;
    expect(combined.tags?.map(({ name }) => name)).toEqual(ROUTE_TABLE.map(({ app }) => app).sort());
    for (const document of documents.values()) {
      for (const path of Object.keys(document.paths)) expect(combined.paths[path]).toBeDefined();
      for (const schema of Object.keys(document.components.schemas))
        expect(combined.components.schemas[schema]).toBeDefined();
    }
    // The file for client generators is the served document: `npm run openapi` rewrites it.
    const committed = JSON.parse(
      readFileSync(join(repositoryRoot(), 'docs', 'api', 'openapi.json'), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(combined);

    const page = await fetch(`${gateway.url}/docs`);
    expect(page.status).toBe(200);
    // The headers of the apps' docs pages, without upgrade-insecure-requests (plain HTTP off loopback).
    const appPage = await fetch(`${gateway.url}/auth/docs`);
    await appPage.body?.cancel();
    for (const header of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy']) {
      expect({ header, value: page.headers.get(header) }).toEqual({ header, value: appPage.headers.get(header) });
    }
    expect(page.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    const html = await page.text();
    const init = await (await fetch(`${gateway.url}/docs/init.js`)).text();
    for (const { prefix } of ROUTE_TABLE) expect(init).toContain(`"${prefix}/docs/json"`);
    expect(init).toContain('"validatorUrl":null');
    for (const asset of [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])) {
      const response = await fetch(`${gateway.url}${asset}`);
      expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
      await response.body?.cancel();
    }
  });

  it('passes redocly lint with its recommended rules: no error, no warning, in each document and the combined one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const files = [...documents].map(([app, document]) => {
        const file = join(folder, `${app}.json`);
        writeFileSync(file, JSON.stringify(document));
        return file;
      });
      const combined = join(folder, 'combined.json');
      writeFileSync(combined, await (await fetch(`${gateway.url}/docs/json`)).text());
      const redocly = join(repositoryRoot(), 'node_modules', '.bin', 'redocly');
      const lint = spawnSync(redocly, ['lint', ...files, combined, '--extends=recommended', '--format=stylish'], {
        cwd: repositoryRoot(),
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
      expect({ status: lint.status, problems: /(error|warning)\s/.test(lint.stdout) ? lint.stdout : '' }).toEqual({
        status: 0,
        problems: '',
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
