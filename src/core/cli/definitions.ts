// The chutes a Python file defines for the CLI: module-level `chute = Chute(...)` and
// `x = build_*_chute(...)` assignments, with what the file says about their image, so Build can
// skip standard images and Deploy can check a custom image's state first (docs/platform.md §2.3).
import { readPython } from '../python/reader';
import { resolveCall } from '../python/resolve';
import type { PyArgument, PyCall, PyModule, PyValue } from '../python/types';

export type ChuteImage =
  /** A platform image named by a string (`image="chutes/vllm:..."`) or a template's default: nothing to build. */
  | { kind: 'standard'; ref?: string }
  /** `Image(username=..., name=..., tag=...)`: built by `chutes build`; `ref` is `username/name:tag` when all three are literal. */
  | { kind: 'custom'; ref?: string }
  /** An expression the reader cannot follow; the CLI decides. */
  | { kind: 'unknown' };

export interface ChuteDefinition {
  /** The module-level variable, the `variable` of `module:variable`. */
  variable: string;
  /** `Chute` or `build_vllm_chute` etc. */
  builder: string;
  /** The chute's name (`name=` / `model_name=`) when it is a literal string. */
  name?: string;
  /** 0-based line of the assignment. */
  line: number;
  image: ChuteImage;
}

/** Positions of the arguments we read, from the SDK signatures (Chute, Image, build_*_chute). */
const POSITIONS = {
  chute: { username: 0, name: 1, image: 2 },
  template: { username: 0, model_name: 1, image: 3 },
  image: { username: 0, name: 1, tag: 2 },
} as const;

export function findChuteDefinitions(source: string): ChuteDefinition[] {
  if (!source.includes('chute')) return [];
  const module = readPython(source);
  const found: ChuteDefinition[] = [];
  for (const binding of module.bindings) {
    if (binding.value.kind !== 'call') continue;
    const call = binding.value.call;
    const isTemplate = call.kind === 'template' && /^build_\w+_chute$/.test(call.name);
    if (call.kind !== 'chute' && !isTemplate) continue;
    const nameArg = isTemplate ? argument(call, 'model_name', POSITIONS.template.model_name) : argument(call, 'name', POSITIONS.chute.name);
    const imageArg = argument(call, 'image', isTemplate ? POSITIONS.template.image : POSITIONS.chute.image);
    found.push({
      variable: binding.name,
      builder: call.name,
      name: literal(nameArg),
      line: module.lines.position(binding.nameSpan.start).line,
      image: imageOf(module, imageArg, isTemplate),
    });
  }
  return found;
}

function imageOf(module: PyModule, value: PyValue | undefined, isTemplate: boolean): ChuteImage {
  if (!value) return isTemplate ? { kind: 'standard' } : { kind: 'unknown' };
  if (value.kind === 'str') return { kind: 'standard', ref: value.value };
  const image = resolveCall(module, value, 'image');
  if (!image) return { kind: 'unknown' };
  const [username, name, tag] = (['username', 'name', 'tag'] as const).map((key) => literal(argument(image, key, POSITIONS.image[key])));
  return { kind: 'custom', ref: username && name && tag ? `${username}/${name}:${tag}` : undefined };
}

function argument(call: PyCall, keyword: string, position: number): PyValue | undefined {
  const arg = call.args.find((a: PyArgument) => a.name === keyword) ?? call.args.find((a) => !a.name && !a.star && a.position === position);
  return arg?.value;
}

function literal(value: PyValue | undefined): string | undefined {
  return value?.kind === 'str' ? value.value : undefined;
}
