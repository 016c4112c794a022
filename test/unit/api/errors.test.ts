import { describe, expect, it } from 'vitest';
import { ChutesApiError, MalformedResponseError, NetworkError, StreamError, TimeoutError, excerpt, renderDetail } from '../../../src/core/api/errors';

const KEY = 'cpk_1b4e28ba2fa111d2883f0016d3cca427.3f0c2a8e1d7b5c1e9a510b8f6a1d2e33.Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const api = (detail: ConstructorParameters<typeof ChutesApiError>[0]['detail'], status = 400) =>
  new ChutesApiError({ status, detail, method: 'POST', path: '/chutes/', host: 'api.chutes.ai' });

describe('ChutesApiError', () => {
  it('puts the server words first, then status, method and where', () => {
    const error = api('Chute not found, or does not belong to you', 404);
    expect(error.message).toBe('Chute not found, or does not belong to you (404 from POST api.chutes.ai/chutes/)');
    expect(error).toMatchObject({ status: 404, method: 'POST', path: '/chutes/', name: 'ChutesApiError' });
  });

  it('renders 422 lists as "loc: msg"', () => {
    const detail = [
      { type: 'string_pattern_mismatch', loc: ['body', 'name'], msg: "String should match pattern '^[a-z]+$'", input: 'X' },
      { type: 'missing', loc: ['body', 'code'], msg: 'Field required' },
    ];
    expect(api(detail, 422).message).toMatch(/^body\.name: String should match pattern '\^\[a-z\]\+\$'; body\.code: Field required \(422/);
  });

  it('renders object details by message (with scalar extras) or compact JSON, never [object Object]', () => {
    const quota = api({ message: 'Quota exceeded', quota_reset_timestamp: '2026-05-26T00:00:00+00:00' }, 402);
    expect(quota.message).toMatch(/^Quota exceeded \(quota_reset_timestamp: 2026-05-26T00:00:00\+00:00\)/);
    expect(api({ code: 'x', nested: { a: 1 } }).message).toMatch(/^\{"code":"x","nested":\{"a":1\}\}/);
    for (const detail of [{}, [{}], [null], { detail: { message: 'inner' } }]) expect(renderDetail(detail)).not.toContain('[object Object]');
    expect(renderDetail({ detail: { message: 'inner' } })).toBe('inner');
    expect(api(null, 503).message).toMatch(/^HTTP 503/);
  });

  it('redacts secrets the server echoes back', () => {
    expect(api(`Invalid token ${KEY}`, 401).message).not.toContain('1b4e28ba');
  });
});

describe('other errors', () => {
  it('NetworkError names the code, the host and, with connect-to, the address dialled', () => {
    const direct = new NetworkError('ECONNREFUSED', 'api.chutes.ai');
    expect(direct.message).toMatch(/Could not reach api\.chutes\.ai: connection refused \(ECONNREFUSED\)\. Nothing is listening/);
    const via = new NetworkError('ECONNREFUSED', 'api.chutes.ai', { target: '127.0.0.1:8787', via: 'connect-to' });
    expect(via.message).toMatch(/Could not reach 127\.0\.0\.1:8787 \(connect-to for api\.chutes\.ai\)/);
    expect(new NetworkError('ENOTFOUND', 'x.invalid').message).toMatch(/host name not found.*DNS/);
  });

  it('MalformedResponseError gives status and a short redacted excerpt', () => {
    const body = `<html><body><h1>Oops</h1> token ${KEY} ${'x'.repeat(500)}</body></html>`;
    const error = new MalformedResponseError(200, 'api.chutes.ai', 'a body that is not valid JSON', body);
    expect(error.message).toMatch(/^api\.chutes\.ai answered 200 with a body that is not valid JSON: Oops token cpk_<redacted>/);
    expect(error.message.length).toBeLessThan(320);
  });

  it('Timeout and stream errors say what happened', () => {
    expect(new TimeoutError(1500, 'response', 'api.chutes.ai').message).toBe('api.chutes.ai did not answer within 1.5 s.');
    expect(new TimeoutError(30000, 'stream', 'llm.chutes.ai').message).toMatch(/silent for more than 30 s/);
    expect(new StreamError('cut', 'llm.chutes.ai').message).toMatch(/ended before it was complete/);
  });

  it('excerpt strips markup and collapses whitespace', () => {
    expect(excerpt('<html>\n<head><style>p{}</style></head><body>502   Bad\nGateway</body></html>')).toBe('502 Bad Gateway');
  });
});
