// Looking for NVIDIA's verifier in the chosen Python, with stand-in interpreters (small scripts that
// exit as Python would) so every outcome is covered without installing anything.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGpuEvidence, findGpuVerifier } from '../../../src/core/attest/gpu';

const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-gpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executable that exits with `code`, standing in for a Python interpreter. */
function fakePython(name: string, code: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "args: $*" >&2\nexit ${code}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe.skipIf(process.platform === 'win32')('NVIDIA GPU verifier lookup', () => {
  it('a missing interpreter, a missing module and a broken interpreter are each named', async () => {
    expect(await findGpuVerifier(path.join(dir, 'no-such-python'))).toEqual({
      found: false,
      reason: `Python was not found at "${path.join(dir, 'no-such-python')}" (setting chutes.attestation.pythonPath).`,
    });
    const without = fakePython('python-without', 3);
    expect(await findGpuVerifier(without)).toEqual({ found: false, reason: `NVIDIA's verifier (pip install nv-local-gpu-verifier) is not installed in ${without}.` });
    const broken = await findGpuVerifier(fakePython('python-broken', 1));
    expect(broken.found).toBe(false);
    expect(!broken.found && broken.reason).toMatch(/^Could not run .*python-broken to look for NVIDIA's verifier: Command failed/);
  });

  it('with the verifier present, the GPUs are still reported not checked, saying why', async () => {
    const presence = await findGpuVerifier(fakePython('python-with', 0));
    expect(presence).toEqual({ found: true });
    expect(checkGpuEvidence([{}, {}], presence)).toEqual({
      id: 'gpu',
      status: 'not checked',
      reason: "The evidence of 2 GPUs was not checked: NVIDIA's verifier is installed, but feeding it Chutes' per-GPU evidence is not supported yet.",
    });
    expect(checkGpuEvidence([], presence).reason).toBe('The evidence lists no GPU evidence.');
    expect(checkGpuEvidence('junk', presence).reason).toBe('The evidence lists no GPU evidence.');
  });
});
