// The streaming calls end to end: warmup, build logs (live, resumed, finished), instance logs, a
// streaming cord and a streamed chat.
import { beforeEach, describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import type { BuildLogLine } from '../../../../src/core/api/types';
import { apiError, apiKeyOf, collect, failure, uploadImage, useEmulator } from './setup';

// Long enough that a build is still running when a test resumes its log.
const emu = useEmulator({ buildDurationMs: 1500 });
const DOCKERFILE = 'FROM parachutes/python:3.12\nRUN pip install fastapi\nCOPY . /app\n';

/** The first `n` items, then leaves the loop (which closes the connection). */
async function take<T>(items: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) {
    out.push(item);
    if (out.length >= n) break;
  }
  return out;
}

describe('warmup', () => {
  beforeEach(() => emu.reset());

  it('follows a cold chute until it is hot, after which it stays hot', async () => {
    expect((await emu.apiKey.getChute('stabilityai/sdxl-turbo')).hot).toBe(false);
    const events = await collect(emu.hotkey.warmup('stabilityai/sdxl-turbo'));
    expect(events.map((e) => e.status)).toEqual(['cold', 'cold', 'cold', 'hot']);
    expect(events[0].log).toBe('waiting for instances ...');
    expect(events.at(-1)?.log).toBe('chute is hot, 1 instances available');
    expect((await emu.apiKey.getChute('stabilityai/sdxl-turbo')).hot).toBe(true);
    expect(await collect(emu.apiKey.warmup('stabilityai/sdxl-turbo'))).toEqual([{ status: 'hot', log: 'chute is hot, 1 instances available' }]);
  });

  it('reports chutes it cannot see, and disabled ones', async () => {
    await apiError(collect(emu.apiKey.warmup('alice-notes')), 404, 'Chute not found, or does not belong to you');
    await apiError(collect(emu.apiKey.warmup('no-such-chute')), 404, 'Chute not found, or does not belong to you');
    await emu.apiKey.updateChute('stabilityai/sdxl-turbo', { disabled: true });
    await apiError(collect(emu.apiKey.warmup('stabilityai/sdxl-turbo')), 503, 'This chute is currently disabled.');
  });

  it('fails locally signed out: the server needs a user even for public chutes', async () => {
    const error = await failure(collect(emu.signedOut.warmup('unsloth/Llama-3.2-1B-Instruct')));
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error.message).toContain('GET /chutes/warmup/unsloth/Llama-3.2-1B-Instruct needs Chutes credentials');
  });
});

describe('imageBuildLogs', () => {
  it('streams the log of a build started in the test, resumes from an offset, then serves the whole log as text', async () => {
    const imageId = await uploadImage(emu, { name: 'logs-image', dockerfile: DOCKERFILE });
    const head = await take(emu.hotkey.imageBuildLogs(imageId), 2);
    expect(head[0].log).toBe(`Starting build of demo/logs-image:1.0 (image_id=${imageId})`);
    expect(head[1]).toMatchObject({ log: 'Step 1/3 : FROM parachutes/python:3.12', stream: 'stdout' });
    expect(head.every((line) => /^\d+-\d+$/.test(line.offset ?? ''))).toBe(true);

    // Resuming from the last offset gives the rest, to the end of the build, with no line twice.
    const rest = await collect(emu.apiKey.imageBuildLogs(imageId, head[1].offset));
    const streamed: BuildLogLine[] = [...head, ...rest];
    expect(streamed.map((l) => l.log)).toEqual([
      head[0].log,
      'Step 1/3 : FROM parachutes/python:3.12',
      expect.stringMatching(/^ ---> [0-9a-f]{12}$/),
      'Step 2/3 : RUN pip install fastapi',
      expect.stringMatching(/^ ---> Running in [0-9a-f]{12}$/),
      expect.stringMatching(/^ ---> [0-9a-f]{12}$/),
      'Step 3/3 : COPY . /app',
      expect.stringMatching(/^ ---> [0-9a-f]{12}$/),
      expect.stringMatching(/^Successfully built [0-9a-f]{12}$/),
      'Successfully tagged demo/logs-image:1.0',
      'Pushing demo/logs-image:1.0 to the registry ...',
    ]);
    expect((await emu.apiKey.getImage(imageId)).status).toBe('built and pushed');

    // Finished: the same lines, as one text/plain body.
    const finished = await collect(emu.apiKey.imageBuildLogs(imageId));
    expect(finished).toEqual(streamed.map((l) => ({ log: l.log })));
  });

  it('streams a failing build to its error line, and the image ends in the error state', async () => {
    const imageId = await uploadImage(emu, { name: 'failing-image', dockerfile: 'FROM parachutes/python:3.12\nRUN false\nCOPY . /app\n' });
    const lines = await collect(emu.apiKey.imageBuildLogs(imageId));
    expect(lines.at(-1)).toMatchObject({ log: "The command '/bin/sh -c false' returned a non-zero code: 1", stream: 'stderr' });
    expect(lines.some((l) => l.log.startsWith('Step 3/3'))).toBe(false);
    expect((await emu.apiKey.getImage(imageId)).status).toBe("error: Image build failed: The command '/bin/sh -c false' returned a non-zero code: 1");
  });

  it('resumes the seeded running build from an offset, and relays the server\'s word on a bad offset', async () => {
    const { image_id } = await emu.apiKey.getImage('building-image:0.2');
    const all = await take(emu.apiKey.imageBuildLogs(image_id), 3);
    expect(all.map((l) => l.log)).toEqual(['Starting build of demo/building-image:0.2', 'Step 1/3 : FROM parachutes/python:3.12', 'Step 2/3 : RUN pip install torch']);
    const resumed = await take(emu.hotkey.imageBuildLogs(image_id, all[0].offset), 2);
    expect(resumed).toEqual(all.slice(1));
    expect(await collect(emu.apiKey.imageBuildLogs(image_id, 'not-an-offset'))).toEqual([{ log: 'ERROR: Invalid stream ID specified as stream command argument' }]);
  });

  it('reads a finished failed build, and a public image\'s log signed out', async () => {
    const { image_id: broken } = await emu.apiKey.getImage('broken-image:0.1');
    expect(await collect(emu.apiKey.imageBuildLogs(broken))).toEqual([{ log: 'ERROR: No matching distribution found for nonexistent-package' }]);
    const { image_id: vllm } = await emu.apiKey.getImage('chutes/vllm:nightly-2025111700');
    expect((await collect(emu.signedOut.imageBuildLogs(vllm))).map((l) => l.log)).toContain('Successfully tagged chutes/vllm:nightly-2025111700');
  });

  it('hides another user\'s private image', async () => {
    const { image_id } = await emu.client(apiKeyOf(emu.alice)).getImage('notes-image:1.0');
    await apiError(collect(emu.apiKey.imageBuildLogs(image_id)), 404, 'Image not found, or does not belong to you');
  });
});

describe('instanceLogs', () => {
  it('replays `backfill` past lines after the connected event, with the hotkey and the API key', async () => {
    const [instance] = (await emu.apiKey.getChute('demo-echo')).instances ?? [];
    for (const client of [emu.hotkey, emu.apiKey]) {
      const events = await take(client.instanceLogs(instance.instance_id, 2), 3);
      expect(events[0]).toEqual({ type: 'status', event: 'connected', filename: 'current' });
      expect(events.slice(1)).toEqual([
        { type: 'log', line: '2026-05-20 10:00:00 INFO:     Started server process for demo-echo' },
        { type: 'log', line: '2026-05-20 10:00:01 INFO:     Waiting for application startup.' },
      ]);
    }
  });

  it('refuses public chutes\' instances, unknown instances and a backfill over 10000', async () => {
    const [publicInstance] = (await emu.apiKey.getChute('unsloth/Llama-3.2-1B-Instruct')).instances ?? [];
    await apiError(take(emu.apiKey.instanceLogs(publicInstance.instance_id), 1), 403, 'You may only view logs for your own (private) chutes.');
    await apiError(take(emu.apiKey.instanceLogs('00000000-0000-4000-8000-000000000000'), 1), 404, 'Instance not found.');
    const [own] = (await emu.apiKey.getChute('demo-echo')).instances ?? [];
    await apiError(take(emu.hotkey.instanceLogs(own.instance_id, 10_001), 1), 400, '`backfill` must be between 0 and 10000');
  });

  it('fails locally signed out', async () => {
    expect(await failure(take(emu.signedOut.instanceLogs('any'), 1))).toBeInstanceOf(AuthRequiredError);
  });
});

describe('streaming cord', () => {
  it('yields the data of each event as the chute streams it', async () => {
    const result = await emu.hotkey.invokeCord('demo-demo-echo', { public_api_path: '/stream', public_api_method: 'POST', stream: true }, { text: 'one two three' });
    if (result.kind !== 'stream') throw new Error(`expected a stream, got ${result.kind}`);
    expect(result.contentType).toMatch(/^text\/event-stream/);
    expect(result.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    const events = (await collect(result.chunks)).map((data) => JSON.parse(data) as unknown);
    expect(events).toEqual([
      { word: 'one', index: 0 },
      { word: 'two', index: 1 },
      { word: 'three', index: 2 },
    ]);
  });
});

describe('streamChat', () => {
  it('streams to [DONE] with a usage chunk that counts exactly what was streamed, like the non-streamed answer', async () => {
    const request = { model: 'unsloth/Llama-3.2-1B-Instruct', messages: [{ role: 'user', content: 'Say hi' }] };
    for (const client of [emu.apiKey, emu.hotkey]) {
      const chunks = await collect(client.streamChat(request));
      const content = chunks.filter((c) => c.choices.length > 0);
      const last = chunks.at(-1);
      expect(last?.choices).toEqual([]);
      expect(last?.usage?.completion_tokens).toBe(content.length);
      expect(content[0].choices[0].delta.role).toBe('assistant');
      expect(content.at(-1)?.choices[0].finish_reason).toBe('stop');
      const text = content.map((c) => c.choices[0].delta.content ?? '').join('');
      expect(text).toMatch(/ You said: "Say hi"$/);

      const whole = await client.chatCompletions(request);
      expect(whole.choices[0].message.content).toBe(text);
      expect(whole.usage).toEqual(last?.usage);
    }
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const chunks = await collect(emu.apiKey.streamChat({ model: 'Qwen/Qwen3-32B', messages: [{ role: 'user', content: 'Tell me more' }], max_tokens: 4 }));
    expect(chunks.filter((c) => c.choices.length > 0)).toHaveLength(4);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('length');
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(4);
  });
});
