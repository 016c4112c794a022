// Every rule the engine reports, with its severity and a one-line meaning. Rule ids are stable:
// users and the VS Code layer may refer to them.

import type { Severity } from './types';

export const RULES = {
  'python/repeated-keyword': { severity: 'error', summary: 'The same keyword argument is given twice: SyntaxError when the module is imported.' },
  'python/positional-argument': { severity: 'error', summary: 'A positional argument the callable does not take: TypeError when the module is imported.' },
  'import/not-exported': { severity: 'error', summary: 'An SDK name imported from a module that does not have it: ImportError when the module is imported.' },

  'chute/invalid-value': { severity: 'error', summary: 'A Chute argument the server rejects (range, pattern or length).' },
  'chute/missing-argument': { severity: 'error', summary: 'Chute(...) without username, name or image: TypeError when the module is imported.' },
  'chute/missing-node-selector': { severity: 'warning', summary: 'Chute(...) without node_selector: chutes deploy fails calling .dict() on None.' },
  'chute/unknown-argument': { severity: 'warning', summary: 'A keyword Chute does not have: FastAPI swallows it and it is never sent.' },
  'chute/validator-free-access': { severity: 'warning', summary: 'The guide\'s validator_free_access does not exist; free validator access is a server-side role.' },
  'chute/tee-config': { severity: 'warning', summary: 'The guide\'s tee_config=TEEConfig(...) is swallowed; the real switch is tee=True.' },
  'chute/tee-name': { severity: 'error', summary: 'A name containing "TEE" (or ending in "tee") without tee=True: the server answers 400.' },
  'chute/tee-restricted': { severity: 'info', summary: 'tee=True deploys are refused (400) unless the account has the unlimited_dev role.' },
  'chute/class-decorator': { severity: 'error', summary: 'The guide\'s @Chute(...) class decorator: a Chute is a FastAPI app, not a decorator.' },
  'chute/missing-revision': { severity: 'error', summary: 'standard_template="vllm" without revision: the server answers 400.' },
  'chute/no-cords-or-jobs': { severity: 'error', summary: 'A chute with neither cords nor jobs: the server answers 400.' },
  'chute/cords-and-jobs': { severity: 'error', summary: 'A chute with both cords and jobs: the server answers 400.' },

  'node-selector/invalid-value': { severity: 'error', summary: 'A NodeSelector value outside its range: ValidationError when the module is imported.' },
  'node-selector/unknown-gpu': { severity: 'error', summary: 'A GPU id that is not in the platform\'s table: the server rejects the deploy.' },
  'node-selector/too-many-excludes': { severity: 'error', summary: 'More than 5 exclude entries: the server answers 400.' },
  'node-selector/include-price-spread': { severity: 'error', summary: 'The GPUs left from include (after exclude and the VRAM filter) differ in hourly rate by more than 2.5x: the server answers 400.' },
  'node-selector/include-not-allowed': { severity: 'error', summary: 'include names a GPU outside the server\'s allow-list: the server answers 400.' },
  'node-selector/restricted-gpus-only': { severity: 'warning', summary: 'Only b200/mi300x remain, which the server excludes for ordinary accounts: 400 or 403.' },
  'node-selector/max-price-ignored': { severity: 'info', summary: 'max_hourly_price_per_gpu is not in the server\'s NodeSelector: it may be ignored.' },
  'node-selector/no-gpu-matches': { severity: 'error', summary: 'No GPU satisfies the selector: the server answers 403.' },
  'node-selector/consumer-gpus-only': { severity: 'error', summary: 'Only consumer GPUs (3090/4090/5090) remain: the server answers 403.' },
  'node-selector/min-vram-alias': { severity: 'warning', summary: 'The guide\'s min_vram_gb is ignored; the real field is min_vram_gb_per_gpu.' },
  'node-selector/require-tee': { severity: 'warning', summary: 'The guide\'s require_tee is ignored; TEE is chosen with tee=True on the chute.' },
  'node-selector/unknown-argument': { severity: 'warning', summary: 'A field NodeSelector does not have: pydantic ignores it.' },

  'cord/invalid-value': { severity: 'error', summary: 'A cord path, public path or method the SDK or the server rejects.' },
  'cord/unknown-argument': { severity: 'warning', summary: 'Not a cord option: it is handed to aiohttp.ClientSession for passthrough calls.' },
  'cord/no-public-api-path': { severity: 'info', summary: 'A cord without public_api_path cannot be invoked over HTTP.' },
  'cord/duplicate-path': { severity: 'error', summary: 'Two cords of one chute with the same path: DuplicatePath when the module is imported.' },
  'job/invalid-value': { severity: 'error', summary: 'A job option the SDK rejects when the module is imported.' },
  'job/unknown-argument': { severity: 'error', summary: 'Not a job option: TypeError when the module is imported.' },

  'image/invalid-value': { severity: 'error', summary: 'An image name or tag the SDK rejects: ValueError when the module is imported.' },
  'image/missing-argument': { severity: 'error', summary: 'Image(...) without username, name or tag: TypeError when the module is imported.' },
  'image/unknown-argument': { severity: 'error', summary: 'Not an Image argument: TypeError when the module is imported.' },
  'image/constructor-shape': { severity: 'error', summary: 'The guide\'s Image(base_image=..., pip_packages=...): TypeError; use the builder methods.' },

  'template/missing-revision': { severity: 'error', summary: 'A vllm/sglang/embedding template without revision: ValueError when the module is imported.' },
  'template/invalid-revision': { severity: 'error', summary: 'A revision that is not a 40-character commit sha: the server rejects the deploy.' },
  'template/invalid-value': { severity: 'error', summary: 'A template argument the SDK or the server rejects.' },
  'template/missing-argument': { severity: 'error', summary: 'A required template argument is missing: TypeError when the module is imported.' },
  'template/unknown-argument': { severity: 'error', summary: 'Not a parameter of the template: TypeError when the module is imported.' },
  'template/tei-removed': { severity: 'error', summary: 'build_tei_chute was removed on 2025-11-19: use build_embedding_chute.' },
  'tee-config/not-in-sdk': { severity: 'warning', summary: 'The guide\'s TEEConfig does not exist in the SDK.' },

  'manifest/syntax': { severity: 'error', summary: 'The manifest is not valid YAML/JSON.' },
  'manifest/multiple-documents': { severity: 'warning', summary: 'Only the first YAML document of a manifest is used.' },
  'manifest/invalid-value': { severity: 'error', summary: 'A manifest value the SDK or the server rejects.' },
  'manifest/missing-field': { severity: 'error', summary: 'A required manifest field is missing.' },
  'manifest/unknown-field': { severity: 'warning', summary: 'Not a manifest field: it is ignored.' },
  'manifest/field-not-for-template': { severity: 'warning', summary: 'A field the chosen template does not take: it is ignored.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleId = keyof typeof RULES;

export function severityOf(rule: RuleId): Severity {
  return RULES[rule].severity;
}
