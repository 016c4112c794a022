// `chutes-lint <files or folders>`: the engine on the command line, for CI and pre-commit hooks.

import type { Dirent, Stats } from 'node:fs';
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
  /** Folders walked, by device and inode: a symbolic link back up the tree is not walked again. */
  folders: Set<string>;
}

const describeError = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
};

/** Lintable by name: Python files and chute manifests. */
const lintable = (name: string): boolean => name.endsWith('.py') || manifestKindOf(name) !== undefined;

/** stat (following links), or undefined with the problem noted. */
async function statOf(target: string, found: Found): Promise<Stats | undefined> {
  try {
    return await stat(target);
  } catch (error) {
    found.problems.push(`cannot read ${target}: ${describeError(error)}`);
    return undefined;
  }
}

/** A regular file is taken; a FIFO, socket or device would hang or mislead the reader, so it is refused. */
function addFile(file: string, info: Stats, found: Found): void {
  if (info.isFile()) found.files.push(file);
  else found.problems.push(`${file} is not a regular file (a FIFO, socket or device); it was not read`);
}

async function collect(target: string, found: Found): Promise<void> {
  const info = await statOf(target, found);
  if (!info) return;
  if (info.isDirectory()) return walk(target, info, found);
  if (lintable(target)) addFile(target, info, found);
  else found.problems.push(`${target} is neither a Python file nor a *.chute.yaml / *.chute.json manifest`);
}

async function walk(folder: string, info: Stats, found: Found): Promise<void> {
  const id = `${info.dev}:${info.ino}`;
  if (found.folders.has(id)) return;
  found.folders.add(id);
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
    const folderName = !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name);
    // Symbolic links are followed to what they point at; walked folders are remembered, so a loop ends.
    if (entry.isSymbolicLink() && (folderName || lintable(entry.name))) {
      const target = await statOf(full, found);
      if (target?.isDirectory()) {
        if (folderName) await walk(full, target, found);
      } else if (target && lintable(entry.name)) addFile(full, target, found);
    } else if (entry.isDirectory()) {
      const sub = folderName ? await statOf(full, found) : undefined;
      if (sub) await walk(full, sub, found);
    } else if (lintable(entry.name)) {
      if (entry.isFile()) found.files.push(full);
      else found.problems.push(`${full} is not a regular file (a FIFO, socket or device); it was not read`);
    }
  }
}

/**
 * Text from files and paths made safe for a terminal: control characters (ESC, BEL, …) and
 * bidirectional overrides are printed as escapes, so a source string cannot drive the terminal.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
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

  const found: Found = { files: [], problems: [], folders: new Set() };
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
      io.stdout(terminalSafe(`${shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.rule}]`));
    }
  }
  for (const problem of found.problems) io.stderr(terminalSafe(`chutes-lint: ${problem}`));
  const total = counts.error + counts.warning + counts.info;
  const summary = total
    ? `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')}`
    : 'no problems';
  io.stdout(`${plural(checked, 'file')} checked: ${summary}.`);
  if (found.problems.length) return 2;
  return counts.error ? 1 : 0;
}
