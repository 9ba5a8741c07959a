import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from '@app/stack';
import type { HttpResponse } from '../support/http-client';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

type Schema = Record<string, unknown>;

interface MediaType {
  schema?: Schema;
}

/** One operation of the document, as the contract test reads it. */
export interface Operation {
  /** `POST /auth/sessions/{id}` */
  key: string;
  method: string;
  /** In the document's syntax: `/auth/sessions/{id}`. */
  path: string;
  parameters: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestSchema?: Schema;
  /** Needs the session cookie (its only security requirement is the cookie). */
  needsSession: boolean;
  /** Works with the session cookie or without (one of its requirements is empty). */
  optionalSession: boolean;
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}

/** Every operation of `document`. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const operation = item[method] as {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, MediaType> };
        security?: Record<string, string[]>[];
        responses: Operation['responses'];
      };
      const security = operation.security ?? [];
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        requestSchema: operation.requestBody?.content['application/json']?.schema,
        needsSession: security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
        optionalSession:
          security.some((requirement) => Object.keys(requirement).length > 0) &&
          security.some((requirement) => Object.keys(requirement).length === 0),
        responses: operation.responses,
      };
    }),
  );
}

/**
 * Checks responses against the document: the status must be one the operation documents, and
 * the body must match that status's schema (JSON), be text (text/plain), or be empty (no content).
 * Returns the problems, empty when the response keeps the contract.
 */
export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<Schema, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    // OpenAPI 3.0's `nullable` and `example` are not JSON Schema: `nullable` becomes a type list.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ components: toJsonSchema(document.components ?? {}) }, 'openapi');
  }

  check(operation: Operation, response: HttpResponse): string[] {
    const documented = operation.responses[String(response.status)];
    if (!documented) {
      return [`${operation.key}: status ${response.status} is not documented (body ${JSON.stringify(response.body)})`];
    }
    const contentType = response.headers.get('content-type')?.split(';')[0] ?? '';
    const content = documented.content;
    if (!content) {
      return response.body === '' ? [] : [`${operation.key} ${response.status}: documents no body, got one`];
    }
    const media = content[contentType];
    if (!media) {
      return [`${operation.key} ${response.status}: content type ${contentType || 'none'} is not documented`];
    }
    if (!media.schema || contentType !== 'application/json') return [];
    const validate = this.validatorOf(media.schema);
    if (validate(response.body)) return [];
    return [
      `${operation.key} ${response.status}: the body does not match its schema: ${this.ajv.errorsText(validate.errors)}` +
        ` (body ${JSON.stringify(response.body)})`,
    ];
  }

  private validatorOf(schema: Schema): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}

/** An OpenAPI 3.0 schema as JSON Schema: `nullable` to a type list, references into the `openapi` schema. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') result.$ref = `openapi${child}`;
    else if (key !== 'nullable') result[key] = toJsonSchema(child);
  }
  const record = value as Schema;
  if (record.nullable === true && typeof record.type === 'string') result.type = [record.type, 'null'];
  return result;
}

/**
 * A value that `schema` accepts, for a request body: the `example` when there is one, the
 * value `fixtures` gives for a property of that name, else the least value of its type that
 * keeps its rules.
 */
export function sampleOf(schema: Schema, document: OpenApiDocument, fixtures: Record<string, unknown>): unknown {
  const resolved = resolve(schema, document);
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.enum)) return resolved.enum[0];
  switch (resolved.type) {
    case 'object': {
      const properties = (resolved.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          name in fixtures ? fixtures[name] : sampleOf(property, document, fixtures),
        ]),
      );
    }
    case 'array':
      return [sampleOf(resolved.items as Schema, document, fixtures)];
    case 'integer':
    case 'number':
      return resolved.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return 'x'.repeat(Math.max(1, Number(resolved.minLength ?? 1)));
  }
}

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop()!;
  return document.components!.schemas![name] as Schema;
}
