import { describe, expect, it } from 'vitest';
import { InvalidIdError, UntrustedEndpointError } from '../../../src/core/api/errors';
import { buildUrl, parseConnectTo, pathName, signingPurpose, targetOrigin } from '../../../src/core/api/routes';

describe('targetOrigin', () => {
  it('derives llm. and slug hosts from the domain with the API scheme', () => {
    expect(targetOrigin('api', 'https://api.chutes.ai', 'chutes.ai').href).toBe('https://api.chutes.ai/');
    expect(targetOrigin('llm', 'https://api.chutes.ai', 'chutes.ai').href).toBe('https://llm.chutes.ai/');
    expect(targetOrigin({ slug: 'alice-my-echo' }, 'http://127.0.0.1:8787', 'Chutes.AI.').href).toBe('http://alice-my-echo.chutes.ai/');
  });

  it('takes the platform domain only as a bare host name, and the base URL only as http(s) without user info', () => {
    for (const domain of ['https://chutes.ai', 'chutes.ai:8443', 'user@chutes.ai', 'chutes.ai/x', 'chutes.ai@evil.test', 'chutes.ai#.evil.test', 'evil.test?.chutes.ai', '', 'a..b']) {
      expect(() => targetOrigin('llm', 'https://api.chutes.ai', domain), domain).toThrow(UntrustedEndpointError);
    }
    expect(() => targetOrigin('api', 'https://api.chutes.ai@evil.test', 'chutes.ai')).toThrow(/not an http\(s\) address without user info/);
    expect(() => targetOrigin('api', 'file:///etc/passwd', 'chutes.ai')).toThrow(UntrustedEndpointError);
  });

  it('refuses a slug that is not a host label', () => {
    expect(() => targetOrigin({ slug: 'evil.com/x' }, 'https://api.chutes.ai', 'chutes.ai')).toThrow(/not a valid chute slug/);
    expect(() => targetOrigin({ slug: '' }, 'https://api.chutes.ai', 'chutes.ai')).toThrow(RangeError);
  });
});

describe('buildUrl and pathName', () => {
  it('keeps a base path, adds the query without undefined values', () => {
    const url = buildUrl(new URL('http://127.0.0.1:8787/prefix/'), '/chutes/', { limit: 5, name: undefined, include_public: false });
    expect(url.href).toBe('http://127.0.0.1:8787/prefix/chutes/?limit=5&include_public=false');
  });

  it('keeps the slashes of a name and encodes the rest', () => {
    expect(pathName('unsloth/Llama-3.2-1B-Instruct')).toBe('unsloth/Llama-3.2-1B-Instruct');
    expect(pathName('alice/img:0.1 x?')).toBe('alice/img%3A0.1%20x%3F');
  });

  it('refuses empty, . and .. segments, which would climb to another route', () => {
    for (const id of ['../chutes/1b4e28ba-2fa1-11d2-883f-0016d3cca427', '..', '.', '', 'a//b', 'a/', '/a', 'x/./y', 'img/..']) {
      expect(() => pathName(id), id).toThrow(InvalidIdError);
    }
    expect(pathName('a..b/.c')).toBe('a..b/.c');
  });
});

describe('signingPurpose (docs/platform.md §6.2)', () => {
  it.each([
    ['GET', '/chutes/', 'chutes'],
    ['GET', '/chutes/abc/evidence', 'chutes'],
    ['GET', '/chutes/warmup/x', 'chutes'],
    ['DELETE', '/chutes/abc', 'chutes'],
    ['GET', '/instances/i1/evidence', 'chutes'],
    ['GET', '/encrypted_logs/c/sessions', 'chutes'],
    ['GET', '/images/x/logs', 'images'],
    ['DELETE', '/images/x', 'images'],
    ['GET', '/api_keys/', 'api_keys'],
    ['DELETE', '/secrets/s', 'secrets'],
    ['GET', '/users/me', 'me'],
    ['GET', '/instances/i1/logs', 'logs'],
  ])('%s %s signs %s', (method, path, purpose) => {
    expect(signingPurpose(method, path)).toBe(purpose);
  });

  it('has no purpose for writes and for routes the server only opens to API keys', () => {
    expect(signingPurpose('POST', '/chutes/')).toBeUndefined();
    expect(signingPurpose('GET', '/users/me/quotas')).toBeUndefined();
    expect(signingPurpose('GET', '/e2e/instances/c')).toBeUndefined();
    expect(signingPurpose('GET', '/v1/models')).toBeUndefined();
  });
});

describe('parseConnectTo', () => {
  it('accepts host:port, [v6]:port and http(s)://host:port', () => {
    expect(parseConnectTo('127.0.0.1:8787')).toEqual({ hostname: '127.0.0.1', port: 8787, protocol: undefined, label: '127.0.0.1:8787' });
    expect(parseConnectTo(' http://localhost:9 ')).toEqual({ hostname: 'localhost', port: 9, protocol: 'http:', label: 'localhost:9' });
    expect(parseConnectTo('https://edge')).toMatchObject({ port: 443, protocol: 'https:' });
    expect(parseConnectTo('[::1]:8787')).toMatchObject({ hostname: '::1', port: 8787, label: '[::1]:8787' });
    expect(parseConnectTo('edge')).toMatchObject({ hostname: 'edge', port: undefined, label: 'edge' });
  });

  it('rejects paths, credentials and junk', () => {
    for (const bad of ['http://h:1/path', 'user@h:1', 'h:99999', '', 'ftp://h:1']) expect(() => parseConnectTo(bad)).toThrow(RangeError);
  });
});
