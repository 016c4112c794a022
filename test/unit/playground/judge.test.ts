import { describe, expect, it } from 'vitest';
import { DEFAULT_JUDGE_PROMPT, fillJudgePrompt, parseScore } from '../../../src/core/playground/judge';
import { judgeCacheKey, scoreTargets, type ScoreSteps } from '../../../src/core/playground/score';
import type { ChatParams, ScoreRow } from '../../../src/core/playground/protocol';

describe('parseScore', () => {
  it.each([
    ['Score: 7', 0.7],
    ['score = 10', 1],
    ['**Score:** 3.5/10', 0.35],
    ['The reply is decent. Score: 4\nOn reflection, Score: 6', 0.6],
    ['I give it 8/10.', 0.8],
    ['9 out of 10', 0.9],
    ['  5 ', 0.5],
    ['Score: 0', 0],
  ])('%j scores %d', (reply, score) => expect(parseScore(reply)).toBe(score));

  it.each(['Chutes runs your models on Bittensor subnet 64.', 'Score: 11', 'Score: -2', 'great answer', '', 'Rate it from 0 to 10'])(
    '%j is unparseable, never a middle value',
    (reply) => expect(parseScore(reply)).toBeUndefined(),
  );
});

describe('fillJudgePrompt', () => {
  it('fills {prompt} and {reply}, and appends the reply when the template forgot it', () => {
    expect(fillJudgePrompt(DEFAULT_JUDGE_PROMPT, 'Q?', 'A!')).toContain('Prompt:\nQ?\n\nReply:\nA!');
    expect(fillJudgePrompt('Judge {prompt}', 'Q', 'A')).toBe('Judge Q\n\nReply:\nA');
  });
});

describe('scoreTargets', () => {
  it('generates a prompt, judges each answer at temperature 0, caches the judge and reports unparseable and failed rows as such', async () => {
    const calls: Array<{ key: string; role: string; params: ChatParams }> = [];
    const cache = new Map<string, string>();
    const rows: ScoreRow[] = [];
    const steps: ScoreSteps = {
      chat: async (key, params, role) => {
        calls.push({ key, role, params });
        if (role === 'generate') return { text: ' What is 2+2? ', stats: { totalMs: 1, fromUsage: false } };
        if (role === 'answer' && key === 'broken') throw new Error('503 no instances');
        if (role === 'answer') return { text: key === 'good' ? '4' : 'five', stats: { totalMs: 1, fromUsage: false } };
        return { text: params.prompt.includes('Reply:\n4') ? 'Score: 9' : 'It is wrong.', stats: { totalMs: 1, fromUsage: false } };
      },
      cached: (key) => cache.get(key),
      remember: (key, reply) => cache.set(key, reply),
      prompt: () => undefined,
      row: (_, row) => rows.push(row),
    };
    const first = await scoreTargets('ref', ['good', 'bad', 'broken'], DEFAULT_JUDGE_PROMPT, 'maths', steps);
    expect(first.map((r) => [r.targetKey, r.score, r.error ?? null])).toEqual([
      ['good', 0.9, null],
      ['bad', undefined, null],
      ['broken', undefined, '503 no instances'],
    ]);
    expect(calls[0]).toMatchObject({ key: 'ref', role: 'generate' });
    expect(calls[0].params.prompt).toContain('about maths');
    expect(calls.filter((c) => c.role === 'answer').every((c) => c.params.prompt === 'What is 2+2?')).toBe(true);
    expect(calls.filter((c) => c.role === 'judge').every((c) => c.key === 'ref' && c.params.temperature === 0)).toBe(true);
    expect(rows).toHaveLength(3);

    calls.length = 0;
    const second = await scoreTargets('ref', ['good'], DEFAULT_JUDGE_PROMPT, 'maths', steps);
    expect(second[0]).toMatchObject({ score: 0.9, cached: true });
    expect(calls.some((c) => c.role === 'judge')).toBe(false);
    expect(judgeCacheKey('ref', 'x')).not.toBe(judgeCacheKey('other', 'x'));
  });
});
