// The seed guide's fictional arguments (docs/platform.md §5), with what really happens when they are
// used. Python calls and manifests report them with the same rule ids and words.

import type { RuleId } from './rules';

export interface GuideField {
  rule: RuleId;
  /** The message, naming the TEE switch as written where it appears (`tee=True`, `tee: true`). */
  message(teeSwitch: string): string;
  /** The real argument to rename it to, when there is one. */
  renameTo?: string;
}

const teeSwitch = (setting: string): string =>
  `The real switch is ${setting} on the chute (deploying it needs the unlimited_dev role today); attestation is then always on.`;

export const GUIDE_NODE_SELECTOR_FIELDS: Readonly<Record<string, GuideField>> = {
  min_vram_gb: {
    rule: 'node-selector/min-vram-alias',
    message: () => 'NodeSelector has no min_vram_gb: pydantic drops it and the chute keeps the default min_vram_gb_per_gpu=16, so it may land on 16 GB GPUs. The field is min_vram_gb_per_gpu.',
    renameTo: 'min_vram_gb_per_gpu',
  },
  require_tee: {
    rule: 'node-selector/require-tee',
    message: (tee) => `NodeSelector has no require_tee: pydantic drops it and the chute runs outside a TEE. ${teeSwitch(tee)}`,
  },
};

export const GUIDE_CHUTE_FIELDS: Readonly<Record<string, GuideField>> = {
  validator_free_access: {
    rule: 'chute/validator-free-access',
    message: () => 'Chute has no validator_free_access: FastAPI swallows it and nothing is sent. Free queries for validators are server-side account roles (free_account, subnet_invoke, subnet_admin), not a chute setting.',
  },
  tee_config: {
    rule: 'chute/tee-config',
    message: (tee) => `Chute has no tee_config (and the SDK has no TEEConfig): FastAPI swallows it and the chute deploys without TEE. ${teeSwitch(tee)}`,
  },
};

export const TEE_CONFIG_MESSAGE = `TEEConfig does not exist in the SDK (there is no attestation_required or encrypt_model_weights either). ${teeSwitch('tee=True')}`;

export function classDecoratorMessage(className: string | undefined): string {
  const on = className ? ` (here on class ${className})` : '';
  return `Chute(...) is a FastAPI app, not a class decorator${on}: Python calls the app with the class and the module fails to import (TypeError). Write \`chute = Chute(username=..., name=..., image=...)\` at module level and expose functions with \`@chute.cord(public_api_path=...)\`.`;
}

export const IMAGE_SHAPE_MESSAGE =
  'Image takes (username, name, tag, readme=""): base_image= and pip_packages= raise TypeError when the module is imported. Build it with Image(username=..., name=..., tag=...).from_base("...").run_command("pip install ...").';

export const TEI_MESSAGE =
  'build_tei_chute was removed from the SDK on 2025-11-19 (chutes.chute.template.tei no longer exists), so the import fails. build_embedding_chute replaces it.';

/** The server refuses a chute whose name contains "TEE" (or ends in "tee", any case) unless tee=True. */
export function nameNeedsTee(name: string): boolean {
  return name.includes('TEE') || name.toLowerCase().endsWith('tee');
}

export function teeNameMessage(name: string, setting: string): string {
  return `The name ${JSON.stringify(name)} contains "TEE" (or ends in "tee" in any case) but tee is not enabled: the server answers 400. Set ${setting} (needs the unlimited_dev role today) or rename the chute.`;
}

export const TEE_RESTRICTED_MESSAGE =
  'the server refuses TEE deployments (400, "TEE private deployments are limited at this time") unless your account has the unlimited_dev role.';
