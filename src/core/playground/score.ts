// The validator pattern as a sequence: the reference model writes a test prompt, each target answers,
// the reference model judges each reply at temperature 0 (cached: the same judge prompt gives the same
// answer), and the score is parsed. Network and caching are passed in, so this is tested on its own.
import { createHash } from 'node:crypto';
import { fillJudgePrompt, generatorPrompt, parseScore } from './judge';
import type { ChatParams, RunStats, ScoreRow } from './protocol';

export interface ScoreSteps {
  /** A chat to `targetKey`; chunks of target answers are streamed to the panel by the caller. */
  chat(targetKey: string, params: ChatParams, role: 'generate' | 'answer' | 'judge', index: number): Promise<{ text: string; stats: RunStats }>;
  cached(key: string): string | undefined;
  remember(key: string, reply: string): void;
  prompt(prompt: string): void;
  row(index: number, row: ScoreRow): void;
}

const params = (prompt: string, temperature?: number): ChatParams => ({ system: '', prompt, stop: [], temperature });

export async function scoreTargets(referenceKey: string, targetKeys: string[], judgePrompt: string, topic: string, steps: ScoreSteps): Promise<ScoreRow[]> {
  const testPrompt = (await steps.chat(referenceKey, params(generatorPrompt(topic), 0.7), 'generate', -1)).text.trim();
  steps.prompt(testPrompt);
  return Promise.all(
    targetKeys.map(async (targetKey, index) => {
      let row: ScoreRow = { targetKey };
      try {
        const answer = await steps.chat(targetKey, params(testPrompt), 'answer', index);
        row = { targetKey, reply: answer.text, stats: answer.stats };
        const judgeText = fillJudgePrompt(judgePrompt, testPrompt, answer.text);
        const key = judgeCacheKey(referenceKey, judgeText);
        let judgeReply = steps.cached(key);
        const cached = judgeReply !== undefined;
        if (judgeReply === undefined) {
          judgeReply = (await steps.chat(referenceKey, params(judgeText, 0), 'judge', index)).text;
          steps.remember(key, judgeReply);
        }
        row = { ...row, judgeReply, cached, score: parseScore(judgeReply) };
      } catch (error) {
        row = { ...row, error: error instanceof Error ? error.message : String(error) };
      }
      steps.row(index, row);
      return row;
    }),
  );
}

/** Cache key of a deterministic (temperature 0) judge call: the judge target and the exact prompt. */
export function judgeCacheKey(targetKey: string, prompt: string): string {
  return createHash('sha256').update(`${targetKey}\n${prompt}`).digest('hex');
}
