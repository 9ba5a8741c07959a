import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentSessionGuards } from './document-session-guards';
import { OPENAPI_DOCUMENT_PATH, OPENAPI_PAGE_PATH, SESSION_SECURITY_SCHEME } from './openapi.constants';

/**
 * Serves the app's OpenAPI document at `/<name>/docs/json` and Swagger UI at `/<name>/docs`,
 * generated from the controllers, the DTOs (their class-validator rules, through the
 * `@nestjs/swagger` compiler plugin in nest-cli.json) and the session guards.
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
    .addCookieAuth(cookieName, { type: 'apiKey', in: 'cookie', name: cookieName }, SESSION_SECURITY_SCHEME)
    .build();
  // Built on the first request: it costs nothing to a replica nobody asks.
  SwaggerModule.setup(OPENAPI_PAGE_PATH, app, () => SwaggerModule.createDocument(app, config), {
    useGlobalPrefix: true,
    jsonDocumentUrl: OPENAPI_DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: `${name} API`,
  });
}
