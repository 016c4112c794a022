// Lazy entry point for undici (bundled as dist/vendor/undici.js, loaded on the first request).
export { Agent, ProxyAgent, buildConnector, request } from 'undici';
