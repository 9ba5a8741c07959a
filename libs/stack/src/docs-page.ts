import { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where each app serves its OpenAPI document, under its prefix (see `setupOpenApi` in `@app/platform`). */
const APP_DOCUMENT_PATH = '/docs/json';

// The files of swagger-ui-dist the page loads, with their types.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** One app's OpenAPI document, as the combined page lists it. */
export interface ApiDocumentLink {
  /** The app's prefix without its slash, e.g. `auth`. */
  name: string;
  /** e.g. `/auth/docs/json`, served by the app through the gateway. */
  url: string;
}

/**
 * Adds the gateway's combined API page: `GET /docs` is Swagger UI with a picker of every routed
 * app's OpenAPI document, `GET /docs/json` lists those documents. The documents themselves come
 * from the apps, through the gateway like any request; Swagger UI's files from `swagger-ui-dist`.
 */
export function registerDocsPage(app: FastifyInstance, prefixes: () => string[]): void {
  const links = (): ApiDocumentLink[] =>
    prefixes()
      .sort()
      .map((prefix) => ({ name: prefix.replace(/^\//, ''), url: `${prefix}${APP_DOCUMENT_PATH}` }));

  const assets = dirname(require.resolve('swagger-ui-dist/package.json'));
  for (const [file, type] of Object.entries(ASSETS)) {
    app.get(`/docs/assets/${file}`, (_request, reply) => {
      void reply.type(type).send(createReadStream(join(assets, file)));
    });
  }
  app.get('/docs/json', () => links());
  app.get('/docs/init.js', (_request, reply) => {
    void reply.type('application/javascript').send(initScript(links()));
  });
  app.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').send(PAGE);
  });
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
  const options = { urls: links, dom_id: '#swagger-ui', deepLinking: true, layout: 'StandaloneLayout' };
  return `window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(options)}, {
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
}));
`;
}
