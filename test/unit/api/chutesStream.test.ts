import { describe, expect, it } from 'vitest';
import { chutesEventBatches, chutesEvents, eachOf, rawErrorMessage } from '../../../src/core/api/chutesStream';
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

describe('eachOf', () => {
  /** Batches arriving over time; `closed` records that the generator was left (its finally ran). */
  function batches(list: number[][], fail?: Error) {
    const state = { closed: false, pulled: 0 };
    async function* generate() {
      try {
        for (const batch of list) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          state.pulled++;
          yield batch;
        }
        if (fail) throw fail;
      } finally {
        state.closed = true;
      }
    }
    return { state, items: eachOf(generate()) };
  }

  it('hands out every item in order, across empty batches', async () => {
    const { state, items } = batches([[1, 2], [], [3], [4, 5, 6]]);
    const seen: number[] = [];
    for await (const item of items) seen.push(item);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(state.closed).toBe(true);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('answers calls made without waiting in the order they were made', async () => {
    const { items } = batches([[1, 2, 3], [4]]);
    const calls = [items.next(), items.next()];
    // Made once the first batch is in, while the second call still waits its turn: it queues.
    await calls[0];
    calls.push(items.next(), items.next(), items.next());
    expect(await Promise.all(calls)).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
      { value: 4, done: false },
      { value: undefined, done: true },
    ]);
  });

  it('delivers the items before a failure, then the failure', async () => {
    const { items } = batches([[1, 2]], new Error('boom'));
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of items) seen.push(item);
      })(),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });

  it('closes the batches when the consumer leaves early, by break or by throw()', async () => {
    const left = batches([[1, 2, 3], [4]]);
    for await (const item of left.items) if (item === 2) break;
    expect(left.state).toEqual({ closed: true, pulled: 1 });

    const thrown = batches([[1, 2, 3], [4]]);
    await thrown.items.next();
    await expect(thrown.items.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(thrown.state).toEqual({ closed: true, pulled: 1 });
    await expect(thrown.items.next()).resolves.toEqual({ value: undefined, done: true });
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
