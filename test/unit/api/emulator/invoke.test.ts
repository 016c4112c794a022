// invokeCord on <slug>.<domain>: JSON, text, GET and image cords, and each way an invocation fails.
import { describe, expect, it } from 'vitest';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import type { CordResult } from '../../../../src/core/api/types';
import { apiError, failure, useEmulator } from './setup';

const emu = useEmulator();
const post = (path: string) => ({ public_api_path: path, public_api_method: 'POST', stream: false });

function bytesOf(result: CordResult): Buffer {
  if (result.kind !== 'bytes') throw new Error(`expected bytes, got ${result.kind}`);
  return Buffer.from(result.bytes);
}

describe('invokeCord', () => {
  it('answers a JSON cord shaped by its output schema, with the API key and with the hotkey', async () => {
    for (const client of [emu.apiKey, emu.hotkey]) {
      const result = await client.invokeCord('demo-demo-echo', post('/echo'), { text: 'hello' });
      expect(result).toMatchObject({ kind: 'json', status: 200, value: { echo: 'hello', length: 5 } });
      expect(result.contentType).toMatch(/^application\/json/);
      expect(result.invocationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('answers a text cord as text', async () => {
    const result = await emu.apiKey.invokeCord('demo-demo-echo', post('/shout'), { text: 'quiet please' });
    expect(result).toMatchObject({ kind: 'text', text: 'quiet please' });
    expect(result.contentType).toMatch(/^text\/plain/);
  });

  it('calls a GET cord with an API key; a hotkey cannot sign a bodiless invocation', async () => {
    const health = { public_api_path: '/health', public_api_method: 'GET', stream: false };
    expect(await emu.apiKey.invokeCord('demo-demo-echo', health)).toMatchObject({ kind: 'json', value: { status: 'health' } });
    const error = await failure(emu.hotkey.invokeCord('demo-demo-echo', health));
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error).toMatchObject({ reason: 'api-key-only' });
    expect(error.message).toContain('GET /health accepts only an API key');
  });

  it('returns an image cord\'s JPEG as bytes, the same image for the same prompt and seed', async () => {
    const flux = 'chutes-flux-1-schnell';
    const first = await emu.apiKey.invokeCord(flux, post('/generate'), { prompt: 'a red fox', seed: 7 });
    expect(first.contentType).toBe('image/jpeg');
    const jpeg = bytesOf(first);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(bytesOf(await emu.hotkey.invokeCord(flux, post('/generate'), { prompt: 'a red fox', seed: 7 }))).toEqual(jpeg);
    expect(bytesOf(await emu.apiKey.invokeCord(flux, post('/generate'), { prompt: 'a blue fox', seed: 7 }))).not.toEqual(jpeg);
  });

  it('reports a cold chute with 503, once: a POST invocation is not retried', async () => {
    const { chute_id } = await emu.apiKey.getChute('stabilityai/sdxl-turbo');
    emu.retries.length = 0;
    const error = await apiError(emu.apiKey.invokeCord('demo-stabilityai-sdxl-turbo', post('/generate'), { prompt: 'x' }), 503, `No instances available (yet) for chute_id='${chute_id}'`);
    expect(error).toMatchObject({ method: 'POST', host: 'demo-stabilityai-sdxl-turbo.chutes.ai', path: '/generate' });
    expect(emu.retries).toEqual([]);
  });

  it('reports an unknown cord path, input the cord rejects, and a diffusion body with unknown keys', async () => {
    await apiError(emu.apiKey.invokeCord('demo-demo-echo', post('/nope'), {}), 404, 'No matching cord found!');
    await apiError(emu.apiKey.invokeCord('demo-demo-echo', post('/echo'), { words: 'no text' }), 400, 'Invalid input parameters');
    await apiError(emu.apiKey.invokeCord('chutes-flux-1-schnell', post('/generate'), { prompt: 'x', colour: 'red' }), 400, 'bad request, naughty naughty');
  });

  it('does not reveal another user\'s private chute', async () => {
    await apiError(emu.apiKey.invokeCord('alice-alice-notes', post('/echo'), { text: 'hi' }), 404, 'No matching chute found!');
  });

  it('fails locally signed out, and on a host label that cannot be a slug', async () => {
    expect(await failure(emu.signedOut.invokeCord('demo-demo-echo', post('/echo'), { text: 'hi' }))).toBeInstanceOf(AuthRequiredError);
    const error = await failure(emu.apiKey.invokeCord('Not_A_Slug', post('/echo'), {}));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toContain('"Not_A_Slug" is not a valid chute slug');
  });
});
