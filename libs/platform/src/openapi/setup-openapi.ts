import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './complete-document';
import { documentSessionGuards } from './document-session-guards';
import {
  OPENAPI_DOCUMENT_PATH,
  OPENAPI_LICENSE,
  OPENAPI_PAGE_PATH,
  OPENAPI_SERVER,
  SESSION_SECURITY_SCHEME,
} from './openapi.constants';

/**
 * Serves the app's OpenAPI document at `/<name>/docs/json` and Swagger UI at `/<name>/docs`,
 * generated from the controllers, the DTOs (their class-validator rules, through the
 * `@nestjs/swagger` compiler plugin in nest-cli.json) and the session guards, then completed
 * with what the platform answers on every route (`completeDocument`).
 */
export function setupOpenApi(app: NestFastifyApplication, name: string, cookieName: string): void {
  documentSessionGuards(app);
  const config = new DocumentBuilder()
    .setTitle(`${name} API`)
    .setDescription(
      `The ${name} app, under /${name}. Routes with a lock need a signed-in session: ` +
        'sign in with POST /auth/login, and the browser sends the session cookie.',
    )
    .setVersion('1')
    .setLicense(OPENAPI_LICENSE.name, OPENAPI_LICENSE.url)
    .addServer(OPENAPI_SERVER.url, OPENAPI_SERVER.description)
    .addCookieAuth(cookieName, { type: 'apiKey', in: 'cookie', name: cookieName }, SESSION_SECURITY_SCHEME)
    .build();
  // Unique across the apps, so that the gateway's combined document can hold them all, and
  // camelCase (`cartCartsAdd`): Swagger UI reads `_` in a deep link as an escaped space.
  const capitalized = (word: string): string => word.replace(/^\w/, (letter) => letter.toUpperCase());
  const operationIdFactory = (controller: string, method: string): string =>
    `${name}${capitalized(controller.replace(/Controller$/, ''))}${capitalized(method)}`;
  // Built on the first request: it costs nothing to a replica nobody asks.
  SwaggerModule.setup(
    OPENAPI_PAGE_PATH,
    app,
    () => completeDocument(SwaggerModule.createDocument(app, config, { operationIdFactory })),
    {
      useGlobalPrefix: true,
      jsonDocumentUrl: OPENAPI_DOCUMENT_PATH,
      raw: ['json'],
      customSiteTitle: `${name} API`,
      // Swagger UI would otherwise send the document's address to a validator on the internet.
      swaggerOptions: { validatorUrl: null },
    },
  );
}
