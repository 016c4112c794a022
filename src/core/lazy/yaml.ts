// Lazy entry point for yaml (bundled as dist/vendor/yaml.js, loaded on the first manifest parse).
export { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
