import type { SchemaObject } from '@nestjs/swagger';

/** Rules of a whole object that `@nestjs/swagger` has no decorator for. */
export type SchemaRules = Pick<SchemaObject, 'minProperties' | 'maxProperties'>;

// By schema name (the class name): the document names its schemas so, and decorators run once,
// when the class is defined.
const rulesBySchema = new Map<string, SchemaRules>();

/**
 * Adds object-level rules to the class's schema in the OpenAPI document, e.g.
 * `@ApiSchemaRules({ minProperties: 1 })` on a PATCH body whose fields are each optional.
 * It documents a rule the app enforces; it does not enforce it.
 *
 * @publicApi
 */
export function ApiSchemaRules(rules: SchemaRules): ClassDecorator {
  return (target) => {
    rulesBySchema.set(target.name, rules);
  };
}

/** The rules declared for the schema named `name`, if any. */
export function schemaRulesOf(name: string): SchemaRules | undefined {
  return rulesBySchema.get(name);
}
