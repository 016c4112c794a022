// "Copy as curl / Python / TypeScript": the same request the playground sends, with the API key read
// from the CHUTES_API_KEY environment variable (never inlined). When the extension dials the platform
// somewhere else (chutes.connectTo), the curl command does the same with --connect-to.
import { buildUrl, parseConnectTo, targetOrigin } from '../api/routes';
import type { CodeLanguage, RunInput, Target } from './protocol';
import { chatBody } from './run';

export interface SnippetSettings {
  apiBaseUrl: string;
  platformDomain: string;
  connectTo?: string;
}

interface Request {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  /** The platform's key goes only to the platform. */
  key: boolean;
  /** A chat or a cord stream: print the text as it arrives. */
  sse: boolean;
  stream: boolean;
  note?: string;
}

function requestOf(target: Target, input: RunInput, settings: SnippetSettings): Request {
  const origin = (host: 'llm' | { slug: string }) => targetOrigin(host, settings.apiBaseUrl, settings.platformDomain);
  switch (target.kind) {
    case 'llm':
      return chat(buildUrl(origin('llm'), '/v1/chat/completions').href, target.model, input, true);
    case 'endpoint': {
      const request = chat(`${target.origin}/v1/chat/completions`, target.model, input, false);
      return target.epistula ? { ...request, note: 'Add the Epistula headers your receiver expects (signed with your hotkey).' } : request;
    }
    case 'cord':
    case 'local': {
      const url = target.kind === 'cord' ? buildUrl(origin({ slug: target.slug }), target.cord.path).href : `${target.origin}${target.cord.path}`;
      const body = input.kind === 'cord' ? input.body : {};
      const sent = target.kind === 'cord' && target.template === 'vllm' ? { ...body, stream: target.cord.stream } : body;
      return { url, method: target.cord.method, body: target.cord.method === 'POST' ? sent : undefined, key: target.kind === 'cord', sse: false, stream: target.cord.stream };
    }
  }
}

function chat(url: string, model: string, input: RunInput, key: boolean): Request {
  if (input.kind !== 'chat') throw new RangeError('A chat target takes chat parameters.');
  return { url, method: 'POST', body: { model, ...chatBody(input.params), stream: true }, key, sse: true, stream: true };
}

export function codeSnippet(language: CodeLanguage, target: Target, input: RunInput, settings: SnippetSettings): string {
  const request = requestOf(target, input, settings);
  const platformHost = target.kind === 'llm' || target.kind === 'cord';
  const connectTo = platformHost && settings.connectTo ? parseConnectTo(settings.connectTo) : undefined;
  if (language === 'curl') return curl(request, connectTo && `::${connectTo.hostname}:${connectTo.port ?? ''}`);
  return language === 'python' ? python(request) : typescript(request);
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function curl(r: Request, connectTo: string | undefined): string {
  const lines = [`curl ${r.stream ? '-N ' : ''}-sS --fail-with-body -X ${r.method} ${shellQuote(r.url)}`];
  if (r.key) lines.push(`-H "Authorization: Bearer $CHUTES_API_KEY"`);
  if (r.body !== undefined) lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(r.body))}`);
  if (connectTo) lines.push(`--connect-to ${shellQuote(connectTo)}`);
  const note = r.note ? `# ${r.note}\n` : '';
  return `${note}${lines.join(' \\\n  ')}\n`;
}

function python(r: Request): string {
  const out = ['import json', 'import os', '', 'import requests', ''];
  if (r.note) out.push(`# ${r.note}`);
  out.push(`url = ${JSON.stringify(r.url)}`);
  out.push(`headers = {${r.key ? '"Authorization": f"Bearer {os.environ[\'CHUTES_API_KEY\']}"' : ''}}`);
  if (r.body !== undefined) out.push(`body = json.loads(${JSON.stringify(JSON.stringify(r.body))})`);
  const bodyArg = r.body !== undefined ? ', json=body' : '';
  out.push(`response = requests.request(${JSON.stringify(r.method)}, url, headers=headers${bodyArg}, stream=${r.stream ? 'True' : 'False'}, timeout=120)`);
  out.push('response.raise_for_status()');
  if (r.sse) {
    out.push(
      'for line in response.iter_lines(decode_unicode=True):',
      '    if line.startswith("data: ") and line != "data: [DONE]":',
      '        chunk = json.loads(line[len("data: "):])',
      '        for choice in chunk.get("choices", []):',
      '            print(choice.get("delta", {}).get("content") or "", end="", flush=True)',
      'print()',
    );
  } else if (r.stream) {
    out.push('for text in response.iter_content(chunk_size=None, decode_unicode=True):', '    print(text, end="", flush=True)', 'print()');
  } else {
    out.push('kind = response.headers.get("content-type", "")', 'print(response.json() if "json" in kind else response.text if kind.startswith("text/") else f"{len(response.content)} bytes of {kind}")');
  }
  return `${out.join('\n')}\n`;
}

function typescript(r: Request): string {
  const out = ['// Node 18 or later: npx tsx request.ts'];
  if (r.note) out.push(`// ${r.note}`);
  const headers = [r.key ? 'Authorization: `Bearer ${process.env.CHUTES_API_KEY}`' : '', r.body !== undefined ? "'Content-Type': 'application/json'" : ''].filter(Boolean);
  out.push(
    'async function main(): Promise<void> {',
    `  const response = await fetch(${JSON.stringify(r.url)}, {`,
    `    method: '${r.method}',`,
    `    headers: { ${headers.join(', ')} },`,
  );
  if (r.body !== undefined) out.push(`    body: JSON.stringify(${JSON.stringify(r.body)}),`);
  out.push('  });', '  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);');
  if (r.stream) {
    out.push('  const decoder = new TextDecoder();', "  let pending = '';", '  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {');
    if (r.sse) {
      out.push(
        '    pending += decoder.decode(bytes, { stream: true });',
        "    const lines = pending.split('\\n');",
        "    pending = lines.pop() ?? '';",
        '    for (const line of lines) {',
        "      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;",
        "      const chunk = JSON.parse(line.slice('data: '.length)) as { choices?: Array<{ delta?: { content?: string } }> };",
        "      process.stdout.write(chunk.choices?.[0]?.delta?.content ?? '');",
        '    }',
      );
    } else {
      out.push('    process.stdout.write(decoder.decode(bytes, { stream: true }));');
    }
    out.push('  }', "  process.stdout.write('\\n');");
  } else {
    out.push(
      "  const kind = response.headers.get('content-type') ?? '';",
      "  if (kind.includes('json')) console.log(JSON.stringify(await response.json(), null, 2));",
      "  else if (kind.startsWith('text/')) console.log(await response.text());",
      '  else console.log(`${(await response.arrayBuffer()).byteLength} bytes of ${kind}`);',
    );
  }
  out.push('}', '', 'main().catch((error: unknown) => {', '  console.error(error);', '  process.exitCode = 1;', '});');
  return `${out.join('\n')}\n`;
}
