import { FastifyInstance } from 'fastify';
import { pageSecurityHeaders } from '@app/platform';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mergeOpenApiDocuments, OpenApiDocument } from './openapi-merge';

/** The code of the error (a 502) when no replica of an app serves its document. */
export const DOCUMENT_UNAVAILABLE = 'GATEWAY_DOCUMENT_UNAVAILABLE';

/** Where each app serves its OpenAPI document, under its prefix (see `setupOpenApi` in `@app/platform`). */
const APP_DOCUMENT_PATH = '/docs/json';

// The files of swagger-ui-dist the page loads, with their types.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** A routed prefix and the replicas that serve it. */
export interface DocumentSource {
  /** e.g. `/auth`; the root route (`''`, a web client) serves no API document. */
  prefix: string;
  upstreams: readonly string[];
}

/** One app's OpenAPI document, as the combined page lists it. */
export interface ApiDocumentLink {
  /** The app's prefix without its slash, e.g. `auth`. */
  name: string;
  /** e.g. `/auth/docs/json`, served by the app through the gateway. */
  url: string;
}

/**
 * Adds the gateway's combined API page: `GET /docs` is Swagger UI with a picker of the combined
 * document and every routed app's own, `GET /docs/json` is the combined document (every app's,
 * merged: `mergeOpenApiDocuments`), read from a replica of each app when asked. The apps'
 * documents reach the page through the gateway like any request; Swagger UI's files come from
 * `swagger-ui-dist`.
 */
export function registerDocsPage(app: FastifyInstance, sources: () => DocumentSource[]): void {
  const apis = (): DocumentSource[] =>
    sources()
      .filter(({ prefix }) => prefix !== '')
      .sort((a, b) => a.prefix.localeCompare(b.prefix));
  const links = (): ApiDocumentLink[] => [
    { name: 'every app', url: '/docs/json' },
    ...apis().map(({ prefix }) => ({ name: prefix.replace(/^\//, ''), url: `${prefix}${APP_DOCUMENT_PATH}` })),
  ];

  // Encapsulated: the hook covers these routes only, not the proxied ones.
  void app.register((docs, _options, done) => {
    // The same headers as the apps' docs pages; the gateway serves plain HTTP.
    docs.addHook('onRequest', (_request, reply, next) => {
      reply.headers(pageSecurityHeaders(false));
      next();
    });
    // createRequire, not require.resolve: in a webpack bundle that gives a module id, not a path.
    const assets = dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));
    for (const [file, type] of Object.entries(ASSETS)) {
      docs.get(`/docs/assets/${file}`, (_request, reply) => {
        void reply.type(type).send(createReadStream(join(assets, file)));
      });
    }
    docs.get('/docs/json', async () =>
      mergeOpenApiDocuments(
        await Promise.all(
          apis().map(async (source) => ({ name: source.prefix.slice(1), document: await readDocument(source) })),
        ),
      ),
    );
    docs.get('/docs/init.js', (_request, reply) => {
      void reply.type('application/javascript').send(initScript(links()));
    });
    docs.get('/docs', (_request, reply) => {
      void reply.type('text/html; charset=utf-8').send(PAGE);
    });
    done();
  });
}

/** The app's document from the first of its replicas that serves it. */
async function readDocument({ prefix, upstreams }: DocumentSource): Promise<OpenApiDocument> {
  const failures: string[] = [];
  for (const upstream of upstreams) {
    try {
      const response = await fetch(`${upstream}${prefix}${APP_DOCUMENT_PATH}`, { signal: AbortSignal.timeout(10_000) });
      if (response.ok) return (await response.json()) as OpenApiDocument;
      failures.push(`${upstream}: ${response.status}`);
    } catch (error) {
      failures.push(`${upstream}: ${(error as Error).message}`);
    }
  }
  throw Object.assign(
    new Error(`No replica of ${prefix} served its OpenAPI document (${failures.join('; ') || 'none registered'})`),
    { statusCode: 502, code: DOCUMENT_UNAVAILABLE },
  );
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>API documentation: every app</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

function initScript(links: ApiDocumentLink[]): string {
  // validatorUrl: null, or Swagger UI sends each document's address to a validator on the internet.
  const options = {
    urls: links,
    dom_id: '#swagger-ui',
    deepLinking: true,
    layout: 'StandaloneLayout',
    validatorUrl: null,
  };
  return `window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(options)}, {
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
}));
`;
}
