// Schema validation with ajv, loaded lazily on first use (docs/architecture.md: start fast). Every schema in
// schemas/ is registered, so cross-file $refs resolve the same way editors resolve them.

import type { ErrorObject, ValidateFunction } from 'ajv';
import { SCHEMAS, type SchemaId } from './schemas';

export type SchemaError = ErrorObject;

export interface SchemaValidator {
  /** All errors of `data` against the schema (empty when valid). */
  validate(id: SchemaId, data: unknown): SchemaError[];
}

let loading: Promise<SchemaValidator> | undefined;

export function loadSchemaValidator(): Promise<SchemaValidator> {
  loading ??= createValidator().catch((error: unknown) => {
    loading = undefined; // let a later call try again
    throw error;
  });
  return loading;
}

async function createValidator(): Promise<SchemaValidator> {
  const { Ajv } = await import('../lazy/ajv');
  // verbose: errors carry their parentSchema, where the x-rejection text lives. strictRequired is
  // off because if/then branches require properties declared at the top level.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajv.addVocabulary(['x-rejection', 'x-missing-revision']);
  for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  const compiled = new Map<SchemaId, ValidateFunction>();
  return {
    validate(id, data) {
      let fn = compiled.get(id);
      if (!fn) {
        fn = ajv.getSchema(SCHEMAS[id].$id!)!;
        compiled.set(id, fn);
      }
      return fn(data) ? [] : [...(fn.errors ?? [])];
    },
  };
}
