// Lazy entry point for ajv (bundled as dist/vendor/ajv.js, loaded on the first schema validation).
export { Ajv } from 'ajv';
