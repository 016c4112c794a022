// Scoring as a validator does: a reference model writes a test prompt, the targets answer, and the
// same model judges each reply 0–10 at temperature 0; the score is normalised to 0–1. A reply with
// no score in it stays unparseable: it is never given a middle value. Browser-safe (the panel shows
// the default judge prompt).
export const DEFAULT_JUDGE_PROMPT = `You are a strict validator. Rate how well the reply answers the prompt, from 0 (useless) to 10 (perfect).
Answer with one line: "Score: N".

Prompt:
{prompt}

Reply:
{reply}`;

export function generatorPrompt(topic: string): string {
  const about = topic.trim() ? ` about ${topic.trim()}` : '';
  return `Write one short, challenging test prompt${about} for a language model. Answer with the prompt only.`;
}

/** The judge prompt with {prompt} and {reply} filled in (the reply is appended when the template lacks it). */
export function fillJudgePrompt(template: string, prompt: string, reply: string): string {
  const withPrompt = template.split('{prompt}').join(prompt);
  return withPrompt.includes('{reply}') ? withPrompt.split('{reply}').join(reply) : `${withPrompt}\n\nReply:\n${reply}`;
}

const LABELLED = /\bscore\s*(?:is|[:=])?\s*\**\s*(\d+(?:\.\d+)?)\s*(?:\/\s*10\b|out of 10\b)?/gi;
const FRACTION = /\b(\d+(?:\.\d+)?)\s*(?:\/|out of)\s*10\b/i;
const BARE = /^\s*(\d+(?:\.\d+)?)\s*\.?\s*$/;

/** The judge's score normalised to 0..1, or undefined when the reply holds no score from 0 to 10. */
export function parseScore(reply: string): number | undefined {
  const labelled = [...reply.matchAll(LABELLED)].at(-1)?.[1];
  const raw = labelled ?? FRACTION.exec(reply)?.[1] ?? BARE.exec(reply)?.[1];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return value >= 0 && value <= 10 ? value / 10 : undefined;
}
