import { describe, expect, it } from 'vitest';
import { chutesEventBatches, chutesEvents, rawErrorMessage } from '../../../src/core/api/chutesStream';
import { StreamError } from '../../../src/core/api/errors';

async function* source(chunks: string[]) {
  yield* chunks.map((c) => new TextEncoder().encode(c));
}

async function collect(chunks: string[], options: Parameters<typeof chutesEvents>[1]) {
  const data: string[] = [];
  for await (const event of chutesEvents(source(chunks), options)) data.push(event.data);
  return data;
}

describe('chutesEvents', () => {
  it('ends a chat stream on data: [DONE] and ignores what follows', async () => {
    const data = await collect(['data: {"a":1}\n\n', 'data: [DONE]\n\n', 'data: {"late":true}\n\n'], { host: 'llm.chutes.ai', requireDone: true });
    expect(data).toEqual(['{"a":1}']);
  });

  it('turns the raw mid-stream error object into a StreamError with the server words', async () => {
    const run = collect(
      ['data: {"a":1}\n\n', '{"error": "Unhandled exception during response stream: CUDA out of memory"}\n'],
      { host: 'llm.chutes.ai', requireDone: true },
    );
    await expect(run).rejects.toThrow(StreamError);
    await expect(run).rejects.toThrow(/llm\.chutes\.ai reported an error mid-stream: Unhandled exception during response stream: CUDA out of memory/);
  });

  it('also sees the error object when it ends the stream without a newline', async () => {
    await expect(collect(['data: {"a":1}\n\n{"error": "boom"}'], { host: 'h' })).rejects.toMatchObject({ reason: 'server' });
  });

  it('reports a stream that stops before [DONE] as cut, when [DONE] is required', async () => {
    await expect(collect(['data: {"a":1}\n\n'], { host: 'h', requireDone: true })).rejects.toMatchObject({ reason: 'cut' });
    await expect(collect(['data: {"a":1}\n\n'], { host: 'h' })).resolves.toEqual(['{"a":1}']);
  });

  it('reads the build-log format: data lines without separators, "." keep-alives, a bare DONE', async () => {
    const data = await collect(
      ['data: {"log": "Step 1", "offset": "1-0"}\n.\n', 'data: {"log": {"log": "err", "log_type": "stderr"}, "offset": "1-1"}\n', '.\nDONE\n'],
      { host: 'api', mode: 'lines' },
    );
    expect(data).toEqual(['{"log": "Step 1", "offset": "1-0"}', '{"log": {"log": "err", "log_type": "stderr"}, "offset": "1-1"}']);
  });

  it('reads the instance-log format with or without blank separators', async () => {
    const data = await collect(['data: {"event":"connected","filename":"current"}\n\ndata: {"log": "x"}\n.\ndata: {"log": "y"}\n'], {
      host: 'api',
      mode: 'lines',
    });
    expect(data).toEqual(['{"event":"connected","filename":"current"}', '{"log": "x"}', '{"log": "y"}']);
  });
});

describe('chutesEventBatches', () => {
  it('gives the events of each chunk together, up to [DONE] in the same chunk', async () => {
    const batches: string[][] = [];
    const chunks = ['data: 1\n\ndata: 2\n\n', ': keep-alive\n', 'data: 3\n\ndata: [DONE]\n\ndata: 4\n\n'];
    for await (const events of chutesEventBatches(source(chunks), { host: 'h', requireDone: true })) batches.push(events.map((e) => e.data));
    expect(batches).toEqual([['1', '2'], ['3']]);
  });

  it('delivers the events before a server error in the same chunk, then throws it', async () => {
    const batches: string[][] = [];
    const run = async () => {
      for await (const events of chutesEventBatches(source(['data: 1\n\ndata: 2\n\n{"error": "boom"}\ndata: 3\n\n']), { host: 'h' })) {
        batches.push(events.map((e) => e.data));
      }
    };
    await expect(run()).rejects.toMatchObject({ reason: 'server', message: expect.stringContaining('boom') });
    expect(batches).toEqual([['1', '2']]);
  });
});

describe('rawErrorMessage', () => {
  it('reads string and object errors, and leaves other lines alone', () => {
    expect(rawErrorMessage('{"error": "x"}')).toBe('x');
    expect(rawErrorMessage('{"error": {"message": "y", "code": 1}}')).toBe('y');
    expect(rawErrorMessage('{"error": 42}')).toBe('42');
    expect(rawErrorMessage('{"log": "x"}')).toBeUndefined();
    expect(rawErrorMessage('{not json')).toBeUndefined();
    expect(rawErrorMessage('.')).toBeUndefined();
  });
});
