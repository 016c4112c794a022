// Build: `chutes build <module>:<var> --wait` in the file's folder (docs/cli.md "Build"). The
// CLI's output goes live to the `Chutes: Build` channel; as soon as it names the image, the
// image's server-side log (GET /images/{id}/logs) is followed too, until DONE, without the CLI's
// five-second pause; the CLI's later copy of the same lines is not shown twice.
import * as vscode from 'vscode';
import type { Image } from '../../core/api/types';
import { errorMessages, imageExists, parseLine, standardImage, uploadedImageId } from '../../core/cli/output';
import { log } from '../../shared/log';
import type { ChuteTarget } from './chuteTarget';
import { prepareCli } from './cliInvocation';
import { runIfRegistered, runWithOutput, type DeployContext } from './deployContext';

export interface BuildOutcome {
  status: 'built' | 'failed' | 'cancelled' | 'standard' | 'exists' | 'no-cli';
  message: string;
  imageId?: string;
  /** The image's state on the platform afterwards, when known. */
  imageStatus?: string;
  /** The CLI's process id (gone once this resolves). */
  pid?: number;
}

/** After the CLI ends, how long the server log may still take to reach DONE. */
const LOG_TAIL_MS = 15_000;

/** Each line as it reaches the `Chutes: Build` channel, and where it came from. */
export type BuildLineListener = (line: string, source: 'cli' | 'server') => void;

export async function buildChute(ctx: DeployContext, target: ChuteTarget, token: vscode.CancellationToken, onLine?: BuildLineListener): Promise<BuildOutcome> {
  const label = target.definition.name ?? target.ref;
  if (target.definition.image.kind === 'standard') {
    const image = target.definition.image.ref ?? `the ${target.definition.builder} template's standard image`;
    return { status: 'standard', message: `${label} runs on ${image}, which the platform already has: there is nothing to build. Deploy it directly.` };
  }
  const invocation = await prepareCli(ctx.connection, target.uri);
  if (!invocation) return { status: 'no-cli', message: 'No chutes CLI found.' };
  const { client } = await ctx.connection.client();
  const output = ctx.buildOutput;
  output.show(true);

  const fromServer = new Set<string>();
  const fromCli = new Set<string>();
  let imageId: string | undefined;
  let follower: Promise<void> | undefined;
  const stopFollowing = new AbortController();
  const follow = async (id: string) => {
    try {
      for await (const line of client.imageBuildLogs(id, undefined, stopFollowing.signal)) {
        const text = line.log.trim();
        if (fromCli.has(text)) continue;
        fromServer.add(text);
        output.appendLine(line.log);
        onLine?.(line.log, 'server');
      }
    } catch (error) {
      if (!stopFollowing.signal.aborted) log.warn(`Build log of image ${id}: ${(error as Error).message}`);
    }
  };

  const result = await runWithOutput(ctx, invocation, ['build', target.ref, '--wait'], {
    cwd: target.cwd,
    output,
    token,
    show: (line) => {
      const text = parseLine(line).message.trim();
      if (imageId && text) {
        if (fromServer.has(text)) return false;
        fromCli.add(text);
      }
      onLine?.(line, 'cli');
      return true;
    },
    onLine: (line) => {
      const id = imageId ? undefined : uploadedImageId(line);
      if (!id) return;
      imageId = id;
      follower = follow(id);
    },
  });
  if (follower) {
    const tail = setTimeout(() => stopFollowing.abort(), result.cancelled || result.code !== 0 ? 0 : LOG_TAIL_MS);
    await follower;
    clearTimeout(tail);
  }
  stopFollowing.abort();

  const state = imageId ? await imageState(ctx, imageId) : undefined;
  void runIfRegistered('chutes.images.refresh');
  const base = { imageId, imageStatus: state?.status, pid: result.pid };
  if (result.cancelled) {
    const message = imageId
      ? `Build of ${label} cancelled: the chutes CLI is stopped. The image is "${state?.status ?? 'unknown'}" on the platform; a build it accepted carries on there.`
      : `Build of ${label} cancelled before anything was uploaded: no image was created.`;
    return { ...base, status: 'cancelled', message };
  }
  const standard = standardImage(result.output);
  if (standard) return { ...base, status: 'standard', message: `${label} runs on the standard image ${standard}: there is nothing to build.` };
  if (imageExists(result.output)) {
    return { ...base, status: 'exists', message: `The image of ${label} already exists on the platform; change its tag to build a new one.` };
  }
  if (result.code === 0 && state?.status === 'built and pushed') {
    return { ...base, status: 'built', message: `Image of ${label} built and pushed (${imageId}).` };
  }
  const why = state?.status.startsWith('error') ? state.status : (errorMessages(result.output).join(' ') || lastLines(result.output));
  return { ...base, status: 'failed', message: `Build of ${label} failed: ${why}` };
}

async function imageState(ctx: DeployContext, imageId: string): Promise<Image | undefined> {
  try {
    const { client } = await ctx.connection.client();
    return await client.getImage(imageId);
  } catch (error) {
    log.warn(`Image ${imageId}: ${(error as Error).message}`);
    return undefined;
  }
}

export function lastLines(output: string, count = 3): string {
  return output.trim().split('\n').slice(-count).join(' ').trim() || 'the chutes CLI ended without saying why.';
}
