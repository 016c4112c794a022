// ping, me and pricing, and how every kind of credential failure reaches the caller.
import { describe, expect, it } from 'vitest';
import { seedCredentials } from '../../../../emulator/index';
import { AuthRequiredError } from '../../../../src/core/api/errors';
import { systemClock } from '../../../../src/core/api/retry';
import { apiError, apiKeyOf, failure, hotkeyOf, useEmulator } from './setup';

const emu = useEmulator();

describe('ping and pricing (no auth)', () => {
  it('answers pong, signed out', async () => {
    expect(await emu.signedOut.ping()).toEqual({ message: 'pong' });
  });

  it('gives the TAO price and per-GPU hourly and per-second prices', async () => {
    const pricing = await emu.signedOut.pricing();
    expect(pricing.tao_usd).toBeGreaterThan(0);
    const h100 = pricing.gpu_price_estimates?.h100;
    if (!h100) throw new Error('no h100 price');
    expect(h100.usd.hour).toBeGreaterThan(0);
    expect(h100.usd.second).toBeCloseTo(h100.usd.hour / 3600, 10);
    expect(h100.tao.hour).toBeCloseTo(h100.usd.hour / pricing.tao_usd, 10);
  });
});

describe('me', () => {
  it('returns the account with the API key and with the hotkey alike', async () => {
    const byKey = await emu.apiKey.me();
    const byHotkey = await emu.hotkey.me();
    expect(byKey).toMatchObject({ username: 'demo', user_id: emu.demo.userId, hotkey: emu.demo.hotkeySs58, balance: 120.5, permissions: ['developer'] });
    expect(byHotkey).toEqual(byKey);
  });

  it('fails locally without credentials, before any request', async () => {
    const error = await failure(emu.signedOut.me());
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect(error).toMatchObject({ name: 'AuthRequiredError', reason: 'signed-out' });
    expect(error.message).toContain('GET /users/me needs Chutes credentials');
  });

  it('reports a well-formed API key the server does not know', async () => {
    const wrong = `${emu.demo.apiKey.slice(0, -32)}${'x'.repeat(32)}`;
    const error = await apiError(emu.client({ kind: 'apiKey', apiKey: wrong }).me(), 401, 'Invalid token or user not found');
    expect(error).toMatchObject({ method: 'GET', host: 'api.chutes.ai', path: '/users/me' });
    // The key itself never reaches the message.
    expect(error.message).not.toContain(wrong);
  });

  it('reports a malformed API key', async () => {
    await apiError(emu.client({ kind: 'apiKey', apiKey: 'cpk_not-a-key' }).me(), 401, 'Missing or invalid authorization header(s)');
  });

  it('reports a hotkey no user is registered with', async () => {
    const stranger = seedCredentials('mallory');
    await apiError(emu.client(hotkeyOf(stranger)).me(), 401, `Could not find user with hotkey: ${stranger.hotkeySs58}`);
  });

  it('reports a hotkey nonce outside the ten-minute window (clock skew)', async () => {
    const skewed = emu.client(hotkeyOf(emu.demo), {}, { clock: { ...systemClock, now: () => Date.now() - 11 * 60_000 } });
    await apiError(skewed.me(), 401, 'Invalid nonce!');
  });

  it('answers for another user too: alice sees alice', async () => {
    expect((await emu.client(apiKeyOf(emu.alice)).me()).username).toBe('alice');
  });
});
