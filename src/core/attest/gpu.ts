// Check 7: GPU evidence. NVIDIA's verifier (`nv-local-gpu-verifier` on PyPI, Python module
// `verifier`) is looked for in the chosen Python with execFile and an argument list, never a shell
// (docs/architecture.md: long work). Without it the GPUs are reported as not checked.
import { execFile } from 'node:child_process';
import { notChecked, plural, type Check } from './report';

const FIND_VERIFIER = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('verifier') else 3)";

export type VerifierPresence = { found: true } | { found: false; reason: string };

/** Whether `python` can import NVIDIA's local GPU verifier; never throws. */
export function findGpuVerifier(python: string, signal?: AbortSignal): Promise<VerifierPresence> {
  return new Promise((resolve) => {
    execFile(python, ['-c', FIND_VERIFIER], { timeout: 15_000, signal, windowsHide: true }, (error) => {
      if (!error) return resolve({ found: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve({ found: false, reason: `Python was not found at "${python}" (setting chutes.attestation.pythonPath).` });
      if ((error as { code?: unknown }).code === 3) {
        return resolve({ found: false, reason: `NVIDIA's verifier (pip install nv-local-gpu-verifier) is not installed in ${python}.` });
      }
      resolve({ found: false, reason: `Could not run ${python} to look for NVIDIA's verifier: ${error.message.split('\n')[0]}` });
    });
  });
}

/** The GPU check for one instance's `gpu_evidence`. */
export function checkGpuEvidence(gpuEvidence: unknown, presence: VerifierPresence): Check {
  const count = Array.isArray(gpuEvidence) ? gpuEvidence.length : 0;
  if (!count) return notChecked('gpu', 'The evidence lists no GPU evidence.');
  const what = `The evidence of ${plural(count, 'GPU')} was not checked`;
  if (!presence.found) return notChecked('gpu', `${what}: ${presence.reason}`);
  // The verifier is there, but the per-GPU fields Chutes sends are not documented (docs/attestation.md).
  return notChecked('gpu', `${what}: NVIDIA's verifier is installed, but feeding it Chutes' per-GPU evidence is not supported yet.`);
}
