/** The parts of an OpenAPI 3.0 document that merging reads or writes. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string; [key: string]: unknown };
  servers?: unknown[];
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

/** One app's document, named by the app. */
export interface AppDocument {
  name: string;
  document: OpenApiDocument;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);

/**
 * One document for every app, for client generators: the paths of each (they already carry the
 * app's prefix), each operation tagged with its app, and the components of all. A schema name
 * two apps use for different schemas is kept for the first and becomes `<Name>_<app>` in the
 * others, references included; the same schema in several apps (the error body) is kept once.
 */
export function mergeOpenApiDocuments(documents: readonly AppDocument[]): OpenApiDocument {
  const [first] = documents;
  if (!first) throw new Error('mergeOpenApiDocuments needs at least one document');
  const merged: OpenApiDocument = {
    openapi: first.document.openapi,
    info: {
      ...first.document.info,
      title: 'API of every app',
      description: `Every app of the stack behind one host: ${documents.map(({ name }) => name).join(', ')}.`,
    },
    servers: first.document.servers,
    tags: [],
    paths: {},
    components: { schemas: {}, securitySchemes: {} },
  };
  for (const { name, document } of documents) {
    const own = renameConflictingSchemas(document, merged.components!.schemas!, name);
    merged.tags!.push({ name, description: own.info.description ?? `The ${name} app` });
    for (const [path, item] of Object.entries(own.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (HTTP_METHODS.has(method)) (operation as { tags?: string[] }).tags = [name];
      }
      merged.paths[path] = item;
    }
    Object.assign(merged.components!.schemas!, own.components?.schemas);
    Object.assign(merged.components!.securitySchemes!, own.components?.securitySchemes);
  }
  return merged;
}

/** A copy of `document` whose schemas that differ from one of `taken` of the same name are renamed. */
function renameConflictingSchemas(
  document: OpenApiDocument,
  taken: Record<string, unknown>,
  app: string,
): OpenApiDocument {
  let text = JSON.stringify(document);
  for (const [schemaName, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (!(schemaName in taken) || JSON.stringify(taken[schemaName]) === JSON.stringify(schema)) continue;
    const renamed = `${schemaName}_${app}`;
    text = text
      .split(JSON.stringify(`#/components/schemas/${schemaName}`))
      .join(JSON.stringify(`#/components/schemas/${renamed}`));
    const copy = JSON.parse(text) as OpenApiDocument;
    copy.components!.schemas![renamed] = copy.components!.schemas![schemaName];
    delete copy.components!.schemas![schemaName];
    text = JSON.stringify(copy);
  }
  return JSON.parse(text) as OpenApiDocument;
}
