// Deploy: `chutes deploy <module>:<var>` (docs/cli.md "Deploy"). The image must be "built and
// pushed" first; the server does not check, the CLI does, and so do we before starting it, to say
// what to do. A new chute's fee comes back as the server's 402 notice: it is shown in a modal and
// the CLI runs again with --accept-fee only on consent.
import * as vscode from 'vscode';
import { ChutesApiError } from '../../core/api/errors';
import { alreadyDeployed, deployedChute, errorMessages, feeAmount, feeNotice, unavailableImage } from '../../core/cli/output';
import type { ChuteTarget } from './chuteTarget';
import { lastLines } from './build';
import { prepareCli, type CliInvocation } from './cliInvocation';
import { runIfRegistered, runWithOutput, type DeployContext } from './deployContext';

export interface DeployOutcome {
  status: 'deployed' | 'fee-declined' | 'exists' | 'image-not-ready' | 'failed' | 'cancelled' | 'no-cli';
  message: string;
  chuteId?: string;
  version?: string;
  /** True when the explorer revealed the chute (its command is registered). */
  revealed?: boolean;
}

export async function deployChute(ctx: DeployContext, target: ChuteTarget, token: vscode.CancellationToken): Promise<DeployOutcome> {
  const label = target.definition.name ?? target.ref;
  const invocation = await prepareCli(ctx.connection, target.uri);
  if (!invocation) return { status: 'no-cli', message: 'No chutes CLI found.' };
  const notReady = await imageNotReady(ctx, target);
  if (notReady) return { status: 'image-not-ready', message: notReady };
  ctx.deployOutput.show(true);

  let result = await run(ctx, invocation, target, [], token);
  const notice = feeNotice(result.output);
  if (notice && !result.cancelled) {
    if (!(await ctx.ui.confirmFee(label, notice, feeAmount(notice)))) {
      ctx.deployOutput.appendLine('Deployment fee declined: nothing was deployed.');
      return { status: 'fee-declined', message: `Nothing was deployed: the deployment fee for ${label} was declined.` };
    }
    result = await run(ctx, invocation, target, ['--accept-fee'], token);
  }
  if (result.cancelled) return { status: 'cancelled', message: `Deploy of ${label} cancelled; the chutes CLI is stopped.` };

  const deployed = deployedChute(result.output);
  if (deployed) {
    const revealed = await runIfRegistered('chutes.explorer.revealChute', deployed.chuteId);
    return { status: 'deployed', message: `Deployed ${deployed.name}: chute ${deployed.chuteId}, version ${deployed.version}.`, ...deployed, revealed };
  }
  const exists = alreadyDeployed(result.output);
  if (exists) {
    return {
      status: 'exists',
      version: exists.version,
      message: `${exists.name} is already deployed with exactly this image and code (version ${exists.version}), so the platform refused the redeploy (409). Change the code or the image to deploy an update.`,
    };
  }
  const image = unavailableImage(result.output);
  if (image) return { status: 'image-not-ready', message: `The chutes CLI refused: image ${image} is not built and pushed yet. Build it first.` };
  return { status: 'failed', message: `Deploy of ${label} failed: ${errorMessages(result.output).join(' ') || lastLines(result.output)}` };
}

function run(ctx: DeployContext, invocation: CliInvocation, target: ChuteTarget, extra: string[], token: vscode.CancellationToken) {
  return runWithOutput(ctx, invocation, ['deploy', target.ref, ...extra], { cwd: target.cwd, output: ctx.deployOutput, token });
}

/** Why the chute's own image cannot be deployed yet, or undefined when it can (or when only the CLI can tell). */
async function imageNotReady(ctx: DeployContext, target: ChuteTarget): Promise<string | undefined> {
  const image = target.definition.image;
  if (image.kind !== 'custom' || !image.ref) return undefined;
  const { client } = await ctx.connection.client();
  try {
    const found = await client.getImage(image.ref);
    if (found.status === 'built and pushed') return undefined;
    return `Image ${image.ref} is "${found.status}"; a chute deploys only on a "built and pushed" image.${found.status.startsWith('error') ? ' Fix it and build again (with a new tag).' : ' Wait for the build to finish.'}`;
  } catch (error) {
    if (error instanceof ChutesApiError && error.status === 404) return `Image ${image.ref} has not been built yet: build it first (Chutes: Build).`;
    throw error;
  }
}
