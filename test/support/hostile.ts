// The hostile inputs of issue 10: plausible pastes or generated files that made the checks
// quadratic. Each takes a size `n` so tests and `npm run bench` can compare 1× with 4×.

const IMPORT = 'from chutes.chute import Chute, NodeSelector\n';
const CHUTE = 'chute = Chute(username="me", name="demo", image="chutes/vllm:nightly-2025111700", node_selector=NodeSelector(gpu_count=1))\n';

export interface HostileInput {
  name: string;
  kind: 'python' | 'yaml' | 'json';
  /** The source for size `n` (about `n` repetitions of the pattern). */
  make(n: number): string;
  /** The size the issue reported (50–700 KB). */
  size: number;
}

export const HOSTILE_INPUTS: readonly HostileInput[] = [
  { name: 'brackets', kind: 'python', size: 100_000, make: (n) => `# chutes\n${'('.repeat(n)}${']'.repeat(n)}\n` },
  { name: 'cord decorators', kind: 'python', size: 30_000, make: (n) => `${IMPORT}${CHUTE}${'@chute.cord()\n'.repeat(n)}def f():\n    pass\n` },
  { name: 'class decorators', kind: 'python', size: 30_000, make: (n) => `${IMPORT}${'@Chute(username="me", name="demo", image="i")\n'.repeat(n)}class C:\n    pass\n` },
  {
    name: 'selector bindings',
    kind: 'python',
    size: 30_000,
    make: (n) => `${IMPORT}${'ns = NodeSelector(gpu_count=1)\n'.repeat(n)}${'c = Chute(username="me", name="demo", image="i", node_selector=ns)\n'.repeat(n)}`,
  },
  { name: 'spaces before a continuation', kind: 'python', size: 60_000, make: (n) => `${IMPORT}chute = Chute(\n    username="me",\n    name="demo",\n    image="i"${' '.repeat(n)}\\\n)\n` },
  { name: 'long chute name', kind: 'python', size: 40_000, make: (n) => `${IMPORT}chute = Chute(username="me", name='${'a/'.repeat(n)}!', image="i", node_selector=NodeSelector())\n` },
  {
    name: 'long cord paths',
    kind: 'python',
    size: 40_000,
    make: (n) => `${IMPORT}${CHUTE}@chute.cord(path="/${'a'.repeat(n)}!", passthrough_path="/${'a'.repeat(n)}!", public_api_path="/${'a/'.repeat(n)}!")\ndef f():\n    pass\n`,
  },
  { name: 'long GPU id', kind: 'python', size: 30_000, make: (n) => `${IMPORT}ns = NodeSelector(include=['${'1'.repeat(n)}x'])\n` },
  {
    name: 'YAML anchors and aliases',
    kind: 'yaml',
    size: 20_000,
    make: (n) => {
      const lines = ['template: vllm', 'username: me', 'model: org/model', 'node_selector: {gpu_count: 1}', 'x:'];
      for (let i = 0; i < n; i++) lines.push(`  a${i}: &a${i} ${i}`);
      for (let i = 0; i < n; i++) lines.push(`  b${i}: *a${i}`);
      return `${lines.join('\n')}\n`;
    },
  },
  {
    name: 'huge include list (Python)',
    kind: 'python',
    size: 150_000,
    make: (n) => `${IMPORT}ns = NodeSelector(include=[${'"h100", "H100", '.repeat(n / 2)}])\n`,
  },
  {
    name: 'huge include list (JSON)',
    kind: 'json',
    size: 150_000,
    make: (n) => `{"template": "vllm", "username": "me", "model": "org/m", "revision": "${'a'.repeat(40)}", "node_selector": {"include": [${Array(n / 2).fill('"h100", "H100"').join(', ')}]}}\n`,
  },
];
