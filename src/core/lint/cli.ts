// `chutes-lint <files or folders>`: the engine on the command line, for CI and pre-commit hooks.

import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { lintManifest } from '../manifest/lint';
import { manifestKindOf } from '../manifest/types';
import { readPython } from '../python/reader';
import { loadSchemaValidator } from '../schema/validate';
import { lintPythonModule } from './pythonLint';
import { plural } from './text';
import type { Diagnostic, Severity } from './types';

export const USAGE = `Usage: chutes-lint <file or folder>...

Checks chute definitions: Python files that import chutes, and *.chute.yaml / *.chute.json
manifests. Folders are searched recursively, skipping node_modules, virtual environments and
hidden folders such as .git.

Each problem is printed as  path:line:column: severity: message [rule]
Exit status: 0 when there are no errors, 1 when there are, 2 for usage errors and unreadable paths.`;

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  cwd: string;
}

/** Folders that never hold the user's chute definitions. */
const SKIPPED_FOLDERS = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'virtualenv']);

interface Found {
  files: string[];
  problems: string[];
}

const describeError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
};

async function collect(target: string, found: Found): Promise<void> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    found.problems.push(`cannot read ${target}: ${describeError(error)}`);
    return;
  }
  if (info.isDirectory()) return walk(target, found);
  if (target.endsWith('.py') || manifestKindOf(target)) found.files.push(target);
  else found.problems.push(`${target} is neither a Python file nor a *.chute.yaml / *.chute.json manifest`);
}

async function walk(folder: string, found: Found): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    found.problems.push(`cannot read ${folder}: ${describeError(error)}`);
    return;
  }
  if (entries.some((e) => e.name === 'pyvenv.cfg')) return; // a virtual environment
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(full, found);
    } else if (entry.isFile() && (entry.name.endsWith('.py') || manifestKindOf(entry.name))) {
      found.files.push(full);
    }
  }
}

/** Runs the CLI; returns the exit status. */
export async function runLintCli(args: readonly string[], io: CliIo): Promise<number> {
  const targets: string[] = [];
  let optionsDone = false;
  for (const arg of args) {
    if (!optionsDone && (arg === '-h' || arg === '--help')) {
      io.stdout(USAGE);
      return 0;
    }
    if (!optionsDone && arg === '--') optionsDone = true;
    else if (!optionsDone && arg.startsWith('-') && arg !== '-') {
      io.stderr(`chutes-lint: unknown option ${arg}\n\n${USAGE}`);
      return 2;
    } else targets.push(arg);
  }
  if (!targets.length) {
    io.stderr(`chutes-lint: no files or folders given\n\n${USAGE}`);
    return 2;
  }

  const found: Found = { files: [], problems: [] };
  for (const target of targets) await collect(path.resolve(io.cwd, target), found);
  const validator = await loadSchemaValidator();
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let checked = 0;
  const explicit = new Set(targets.map((t) => path.resolve(io.cwd, t)));
  for (const file of [...new Set(found.files)]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      found.problems.push(`cannot read ${file}: ${describeError(error)}`);
      continue;
    }
    let diagnostics: Diagnostic[];
    const kind = manifestKindOf(file);
    if (kind) diagnostics = await lintManifest(text, kind);
    else {
      const module = readPython(text);
      // Inside folders only files that import chutes are chute definitions; named files always count.
      if (!module.importsChutes && !explicit.has(file)) continue;
      diagnostics = lintPythonModule(module, validator);
    }
    checked++;
    const shown = path.relative(io.cwd, file).startsWith('..') ? file : path.relative(io.cwd, file);
    for (const d of diagnostics) {
      counts[d.severity]++;
      io.stdout(`${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.rule}]`);
    }
  }
  for (const problem of found.problems) io.stderr(`chutes-lint: ${problem}`);
  const total = counts.error + counts.warning + counts.info;
  const summary = total
    ? `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}`
    : 'no problems';
  io.stdout(`${plural(checked, 'file')} checked: ${summary}.`);
  if (found.problems.length) return 2;
  return counts.error ? 1 : 0;
}
