import { STATUS_CODES } from 'node:http';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { schemaRulesOf } from './api-schema-rules.decorator';
import { ERROR_RESPONSE_SCHEMA, ERROR_RESPONSE_SCHEMAS } from './error-response.schema';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;
const UNSAFE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
// Fastify reads a body sent with these, whether the route takes one or not (not with GET or HEAD).
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete', 'options']);
const ERROR_CONTENT = { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_RESPONSE_SCHEMA}` } } };

/**
 * Adds to a generated document what every app does and no controller says, so that the
 * document agrees with the server (the contract test holds them to it):
 * - the statuses the platform itself answers: 400 and 415 for a body (malformed JSON, not JSON),
 *   on every operation whose method has one read, whether it takes one or not; 413 for a body
 *   over the limit on every operation (the proxy refuses it for any method); 400 and 414 for a
 *   malformed or over-long parameter, 403 for a cross-site write (`refuseCrossSiteRequest`),
 *   408 for a request not received in time, 431 for oversized headers, 503 when Redis is down;
 * - the error body (`ErrorResponse`) on every error status, a description on every response;
 * - `security: []` on public routes, so that a client sees they need no cookie, and no security
 *   scheme that no route uses (an app without sessions);
 * - `additionalProperties: false` on request bodies (the validation pipe refuses unknown
 *   fields), and the rules of `@ApiSchemaRules`.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = { ...schemas, ...ERROR_RESPONSE_SCHEMAS };
  const bodySchemas = new Set<string>();

  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const bodySchema = requestBodySchemaName(operation);
      if (bodySchema) bodySchemas.add(bodySchema);
      addPlatformResponses(operation, method, bodySchema !== undefined || operation.requestBody !== undefined);
      operation.security ??= [];
    }
  }

  const schemes = document.components.securitySchemes ?? {};
  const used = new Set(
    Object.values(document.paths).flatMap((item) =>
      HTTP_METHODS.flatMap((method) =>
        (item[method]?.security ?? []).flatMap((requirement) => Object.keys(requirement)),
      ),
    ),
  );
  for (const scheme of Object.keys(schemes)) if (!used.has(scheme)) delete schemes[scheme];

  for (const name of bodySchemas) {
    const schema = document.components.schemas[name] as SchemaObject | undefined;
    if (schema) Object.assign(schema, { additionalProperties: false }, schemaRulesOf(name));
  }
  return document;
}

function addPlatformResponses(operation: OperationObject, method: string, hasBody: boolean): void {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const responses = operation.responses;
  const add = (status: number, description: string): void => {
    const existing = responses[status] as ResponseObject | undefined;
    if (!existing) responses[status] = { description };
    else if (!existing.description?.includes(description))
      existing.description = `${existing.description}; or ${description}`;
  };
  if (hasBody) {
    add(400, 'The body is not JSON, or breaks a rule of its schema');
    add(415, 'The body is not application/json');
  } else if (BODY_METHODS.has(method)) {
    add(400, 'A body was sent, and it is not JSON');
    add(415, 'A body was sent, and it is not application/json');
  }
  add(413, 'The body is larger than BODY_LIMIT_BYTES');
  if (parameters.length) add(400, 'A parameter breaks a rule of its schema, or is not a valid URL component');
  if (parameters.some((parameter) => parameter.in === 'path'))
    add(414, 'A path parameter is longer than 100 characters');
  if (UNSAFE_METHODS.has(method)) add(403, 'Cross-site request refused: the Origin is not this site or an allowed one');
  add(408, 'The request was not received in time (HEADERS_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS)');
  add(431, 'The request headers are too large');
  if (!responses[503]) add(503, 'A backing service (Redis) is unavailable; retry shortly');

  for (const [status, response] of Object.entries(responses) as [string, ResponseObject][]) {
    if (!response.description) response.description = STATUS_CODES[status] ?? status;
    if (Number(status) >= 400 && !response.content) response.content = ERROR_CONTENT;
  }
}

/** The component name of the operation's JSON body, e.g. `CredentialsDto`. */
function requestBodySchemaName(operation: OperationObject): string | undefined {
  const body = operation.requestBody as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
  const ref = body?.content?.['application/json']?.schema?.$ref;
  return ref?.split('/').pop();
}
