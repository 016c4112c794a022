import { describe, expect, it } from 'vitest';
import { parseWebviewMessage, restoreState } from '../../../src/core/playground/protocol';

const chat = { kind: 'chat', params: { system: '', prompt: 'hi', stop: [] } };

describe('parseWebviewMessage', () => {
  it('accepts each well-formed message and drops unknown fields', () => {
    const run = parseWebviewMessage({ type: 'run', runId: 'r1', targetKey: 'llm:x', input: chat, extra: 'ignored' });
    expect(run).toEqual({ ok: true, message: { type: 'run', runId: 'r1', targetKey: 'llm:x', input: { kind: 'chat', params: { system: '', prompt: 'hi', stop: [], temperature: undefined, maxTokens: undefined, topP: undefined } } } });
    expect(parseWebviewMessage({ type: 'stop', runId: 'r1' }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'copyCode', language: 'curl', targetKey: 'k', input: { kind: 'cord', body: { text: 'a' } } }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'score', runId: 's', referenceKey: 'a', targetKeys: ['b'], judgePrompt: 'j', topic: '' }).ok).toBe(true);
  });

  it.each([
    [null, 'message must be an object'],
    [{ type: 'nope' }, 'unknown message type "nope"'],
    [{ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'shell', cmd: 'rm' } }, 'input.kind must be chat or cord'],
    [{ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'chat', params: { prompt: 'x', temperature: 9 } } }, 'input.params.temperature must be a number from 0 to 2'],
    [{ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'chat', params: { prompt: 'x', maxTokens: 1.5 } } }, 'input.params.maxTokens must be an integer from 1 to 1000000'],
    [{ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'chat', params: { prompt: 'x', stop: ['a', 'b', 'c', 'd', 'e'] } } }, 'input.params.stop has more than 4 entries'],
    [{ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'cord', body: [] } }, 'input.body must be an object'],
    [{ type: 'compare', runId: 'c', targetKeys: ['one'], params: chat.params }, 'compare needs 2 to 4 targets'],
    [{ type: 'compare', runId: 'c', targetKeys: ['1', '2', '3', '4', '5'], params: chat.params }, 'targetKeys has more than 4 entries'],
    [{ type: 'copyCode', language: 'bash', targetKey: 'k', input: chat }, 'language must be one of curl, python, typescript'],
    [{ type: 'stop', runId: 'x'.repeat(101) }, 'runId is longer than 100 characters'],
    [{ type: 'setAttestation', targetKey: 'k', required: 'yes' }, 'required must be true or false'],
  ])('refuses %j: %s', (message, error) => {
    expect(parseWebviewMessage(message)).toEqual({ ok: false, error });
  });

  it('refuses a prompt over its size limit', () => {
    const result = parseWebviewMessage({ type: 'run', runId: 'r', targetKey: 'k', input: { kind: 'chat', params: { prompt: 'x'.repeat(200_001) } } });
    expect(result).toEqual({ ok: false, error: 'input.params.prompt is longer than 200000 characters' });
  });
});

describe('restoreState', () => {
  it('keeps a valid state with its drafts and falls back to an empty one for garbage', () => {
    const state = { mode: 'compare', compareKeys: ['a', 'b'], drafts: { a: { params: { prompt: 'typed', system: '', stop: [] }, fields: { text: 'x' } } }, attestation: { a: true } };
    expect(restoreState(state)).toMatchObject({ mode: 'compare', drafts: { a: { params: { prompt: 'typed' }, fields: { text: 'x' } } }, attestation: { a: true } });
    expect(restoreState('garbage')).toEqual({ mode: 'chat', compareKeys: [], drafts: {}, attestation: {} });
    expect(restoreState({ mode: 'dance' })).toEqual({ mode: 'chat', compareKeys: [], drafts: {}, attestation: {} });
  });
});
