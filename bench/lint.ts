// Linting a chute definition against parsing it: lintPython (tolerant read, binding, schema checks,
// platform rules) on a generated 2,000-line chute module, against CPython's own ast.parse of the
// same file. Python times itself with time.perf_counter, so its start-up is not counted; rounds of
// both alternate so they see the same machine state.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintPython } from '../src/core/lint';
import { report, type Timed } from './measure';

const LINES = 2_000;

/** A realistic chute module: imports, an Image, selectors, the Chute, and cords with their models. */
export function chuteModule(lines: number): string {
  const head = [
    '"""A large custom chute: many cords over one model, the way real multi-endpoint chutes grow."""',
    '',
    'import asyncio',
    'from typing import Optional',
    'from pydantic import BaseModel, Field',
    'from chutes.chute import Chute, NodeSelector',
    'from chutes.image import Image',
    '',
    'image = (',
    '    Image(username="myuser", name="bench", tag="0.1.0", readme="## Bench image")',
    '    .from_base("parachutes/python:3.12")',
    '    .with_env("PYTHONUNBUFFERED", "1")',
    '    .apt_install(["curl", "git"])',
    '    .run_command("pip install \'numpy<2\' requests transformers")',
    ')',
    '',
    'selector = NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24, exclude=["3090", "4090"])',
    '',
    'chute = Chute(',
    '    username="myuser",',
    '    name="bench-chute",',
    '    tagline="Benchmark chute",',
    '    readme="## Bench\\nMany cords.",',
    '    image=image,',
    '    node_selector=selector,',
    '    concurrency=8,',
    '    max_instances=3,',
    '    scaling_threshold=0.5,',
    '    shutdown_after_seconds=600,',
    ')',
    '',
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      '',
      `class Request${i}(BaseModel):`,
      `    prompt: str = Field(..., description="Prompt for endpoint ${i}")`,
      '    max_tokens: int = 256',
      '    temperature: float = 0.7',
      '    stop: Optional[list[str]] = None',
      '',
      '',
      `@chute.cord(public_api_path="/endpoint-${i}", public_api_method="POST", input_schema=Request${i})`,
      `async def endpoint_${i}(self, data: Request${i}) -> dict:`,
      `    """Endpoint ${i}: tokenises, waits for the model and returns a summary."""`,
      '    tokens = data.prompt.split()',
      '    if data.stop:',
      '        tokens = [t for t in tokens if t not in data.stop]',
      '    await asyncio.sleep(0)',
      `    return {"id": ${i}, "tokens": len(tokens), "text": " ".join(tokens[: data.max_tokens]), "t": data.temperature}`,
      '',
      '',
      `@chute.cord(path="/stream_${i}", public_api_path="/stream-${i}", stream=True)`,
      `async def stream_${i}(self, data: Request${i}):`,
      '    for word in data.prompt.split():',
      '        yield f"data: {word}\\n\\n"',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

const PYTHON_TIMER = `
import ast, sys, time
src = open(sys.argv[1], encoding="utf-8").read()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    ast.parse(src)
    times.append(time.perf_counter() - start)
print(" ".join(repr(t) for t in times))
`;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchLint(): Promise<void> {
  const source = chuteModule(LINES);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'chutes-bench-'));
  const file = path.join(dir, 'bench_chute.py');
  writeFileSync(file, source);
  try {
    const python = (count: number): number[] =>
      execFileSync('python3', ['-c', PYTHON_TIMER, file, String(count)], { encoding: 'utf8' }).trim().split(' ').map(Number);
    python(1); // fails here, before any timing, when python3 is missing
    const diagnostics = await lintPython(source);
    if (diagnostics.length) throw new Error(`the bench module should lint clean: ${diagnostics.map((d) => d.message).join('; ')}`);

    const ours: number[] = [];
    const theirs: number[] = [];
    let round = 0;
    for (let r = 0; r < 5; r++) {
      theirs.push(...python(10));
      for (let i = 0; i < 10; i++) {
        // A different string each time: the engine keeps the last module read, and ast.parse has no cache.
        const text = `${source}# round ${round++}\n`;
        const start = process.hrtime.bigint();
        await lintPython(text);
        ours.push(Number(process.hrtime.bigint() - start) / 1e9);
      }
    }
    const base: Timed = { name: 'CPython ast.parse', seconds: median(theirs) };
    const candidate: Timed = { name: 'lintPython', seconds: median(ours) };
    report(`Lint a ${LINES.toLocaleString('en-US')}-line chute file`, [base, candidate]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
