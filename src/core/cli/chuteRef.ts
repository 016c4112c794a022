// The `module:variable` reference the chutes CLI takes (docs/platform.md §4): the module is
// `<module>.py` in the working directory, so the reference is only built from a real file name.
import path from 'node:path';

/** The CLI's own rule (case-insensitive), and the server's `ref_str` rule in lower case. */
const REF = /^[a-z][a-z0-9_]*:[a-z][a-z0-9_]+$/i;
const MODULE = /^[a-z][a-z0-9_]*$/i;

export class ChuteRefError extends Error {}

/** Checks a reference before it reaches an argument list; throws a ChuteRefError that says why. */
export function assertChuteRef(ref: string): string {
  if (!REF.test(ref)) {
    throw new ChuteRefError(
      `"${ref}" is not a chute reference the chutes CLI accepts: it must be module:variable, letters, digits and _ only, each starting with a letter.`,
    );
  }
  return ref;
}

/** `<module>:<variable>` for a Python file, or a ChuteRefError when the file name cannot be imported by the CLI. */
export function chuteRefFor(file: string, variable: string): string {
  const base = path.basename(file);
  const module = base.replace(/\.py$/i, '');
  if (module === base || !MODULE.test(module)) {
    throw new ChuteRefError(
      `The chutes CLI cannot load ${base}: it imports <module>.py where module is letters, digits and _ only, starting with a letter. Rename the file.`,
    );
  }
  return assertChuteRef(`${module}:${variable}`);
}
