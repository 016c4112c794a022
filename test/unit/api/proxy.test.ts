import { describe, expect, it } from 'vitest';
import { noProxyMatches, selectProxy } from '../../../src/core/api/proxy';

const env = { HTTPS_PROXY: 'http://corp:3128', HTTP_PROXY: 'http://plain:8080' };

describe('selectProxy', () => {
  it('prefers the http.proxy setting, then the env variable for the scheme', () => {
    expect(selectProxy('https://api.chutes.ai/x', { setting: 'http://setting:1', env })).toBe('http://setting:1');
    expect(selectProxy('https://api.chutes.ai/x', { env })).toBe('http://corp:3128');
    expect(selectProxy('http://api.chutes.ai/x', { env })).toBe('http://plain:8080');
    expect(selectProxy('https://api.chutes.ai/x', { env: { HTTP_PROXY: 'http://plain:8080' } })).toBe('http://plain:8080');
    expect(selectProxy('https://api.chutes.ai/x', { env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' } })).toBe('http://lower:1');
    expect(selectProxy('https://api.chutes.ai/x', { setting: '  ', env: {} })).toBeUndefined();
  });

  it('honours NO_PROXY (env and setting list), and never proxies loopback', () => {
    expect(selectProxy('https://api.chutes.ai/', { env: { ...env, NO_PROXY: 'example.com, .chutes.ai' } })).toBeUndefined();
    expect(selectProxy('https://llm.chutes.ai/', { env: { ...env, no_proxy: 'chutes.ai' } })).toBeUndefined();
    expect(selectProxy('https://notchutes.ai/', { env: { ...env, NO_PROXY: 'chutes.ai' } })).toBe('http://corp:3128');
    expect(selectProxy('https://api.chutes.ai/', { env, noProxy: ['*.chutes.ai'] })).toBeUndefined();
    expect(selectProxy('https://api.chutes.ai/', { env: { ...env, NO_PROXY: '*' } })).toBeUndefined();
    expect(selectProxy('http://127.0.0.1:8787/', { env })).toBeUndefined();
    expect(selectProxy('http://localhost:8787/', { env })).toBeUndefined();
    expect(selectProxy('http://[::1]:8787/', { env })).toBeUndefined();
  });
});

describe('noProxyMatches', () => {
  it('matches hosts, domains, ports and IPv6 entries', () => {
    expect(noProxyMatches('api.chutes.ai', 'api.chutes.ai', '443')).toBe(true);
    expect(noProxyMatches('api.chutes.ai:443', 'api.chutes.ai', '443')).toBe(true);
    expect(noProxyMatches('api.chutes.ai:8443', 'api.chutes.ai', '443')).toBe(false);
    expect(noProxyMatches('.chutes.ai', 'chutes.ai', '443')).toBe(true);
    expect(noProxyMatches('chutes.ai', 'xchutes.ai', '443')).toBe(false);
    expect(noProxyMatches('10.0.0.1', '10.0.0.1', '80')).toBe(true);
    expect(noProxyMatches('fd00::1', 'fd00::1', '80')).toBe(true);
    expect(noProxyMatches('[fd00::1]:80', 'fd00::1', '80')).toBe(true);
    expect(noProxyMatches('[fd00::1]:81', 'fd00::1', '80')).toBe(false);
    expect(noProxyMatches('', 'a', '80')).toBe(false);
  });
});
