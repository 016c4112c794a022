// Diagnostics and quick fixes for the seed guide's shapes in Python: imports of names the SDK does
// not have where the guide puts them, the removed TEI template, TEEConfig, the @Chute class
// decorator and Image(base_image=..., pip_packages=...).

import { pushTo } from '../python/collections';
import { resolveCall } from '../python/resolve';
import type { PyArgument, PyCall, PyImport, PyModule } from '../python/types';
import { HOME_MODULE, importFails, MISSING_NAMES, REMOVED_TEMPLATE, TEMPLATES } from '../schema/sdk';
import { classDecoratorMessage, IMAGE_SHAPE_MESSAGE, TEE_CONFIG_MESSAGE, TEI_MESSAGE } from './guide';
import { insertArgument, removeArgument, replaceSpan } from './pythonEdits';
import { literalJson, type BoundArguments, type BoundCall } from './pythonTarget';
import { severityOf } from './rules';
import type { Diagnostic, Fix, TextEdit } from './types';

const EMBEDDING_MODULE = TEMPLATES[REMOVED_TEMPLATE.replacement]!.module!;

/** Where an imported name really comes from; undefined when it has to go. */
function relocate(module: string, name: string): { module: string; name: string } | undefined {
  if (name === REMOVED_TEMPLATE.name) return { module: EMBEDDING_MODULE, name: REMOVED_TEMPLATE.replacement };
  if (module === REMOVED_TEMPLATE.module || MISSING_NAMES.has(name)) return undefined;
  return importFails(module, name) ? { module: HOME_MODULE[name]!, name } : { module, name };
}

function isBroken(imp: PyImport, name: string): boolean {
  return imp.module === REMOVED_TEMPLATE.module || name === REMOVED_TEMPLATE.name || importFails(imp.module, name);
}

/** Rewrites a `from ... import ...` statement so that every name comes from where it really lives. */
function rewriteImport(module: PyModule, imp: PyImport): { edit: TextEdit; title: string } {
  const groups = new Map<string, string[]>();
  const dropped: string[] = [];
  for (const n of imp.names) {
    const to = relocate(imp.module, n.name);
    if (!to) {
      dropped.push(n.name);
      continue;
    }
    const alias = n.alias ? ` as ${n.alias}` : '';
    pushTo(groups, to.module, `${to.name}${alias}`);
  }
  const { lines, source } = module;
  const first = lines.position(imp.span.start).line;
  const indent = /^[ \t]*/.exec(source.slice(lines.lineStart(first), imp.span.start))![0];
  const statements = [...groups].map(([m, names]) => `from ${m} import ${names.join(', ')}`);
  const changes = [...groups].filter(([m]) => m !== imp.module).map(([m, names]) => `import ${names.join(', ')} from ${m}`);
  if (dropped.length) changes.push(`remove ${dropped.join(', ')}`);
  const title = changes.join('; ').replace(/^./, (c) => c.toUpperCase());
  if (statements.length) return { edit: replaceSpan(module, imp.span, statements.join(`\n${indent}`)), title };
  const last = lines.position(imp.span.end).line;
  const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : source.length;
  return { edit: replaceSpan(module, { start: lines.lineStart(first), end }, ''), title };
}

export function importDiagnostics(module: PyModule): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const imp of module.imports) {
    if (imp.kind !== 'from' || !imp.names.some((n) => isBroken(imp, n.name))) continue;
    const rewrite = rewriteImport(module, imp);
    const fixes: Fix[] = [{ title: rewrite.title, edits: [rewrite.edit], preferred: true }];
    for (const n of imp.names) {
      if (!isBroken(imp, n.name)) continue;
      if (n.name === REMOVED_TEMPLATE.name || imp.module === REMOVED_TEMPLATE.module) {
        diagnostics.push({ range: n.range, severity: severityOf('template/tei-removed'), rule: 'template/tei-removed', message: TEI_MESSAGE, fixes });
      } else {
        const message = MISSING_NAMES.has(n.name)
          ? `ImportError when the module is imported: ${TEE_CONFIG_MESSAGE}`
          : `ImportError when the module is imported: ${imp.module} has no ${n.name}${imp.module === 'chutes' ? ' (chutes/__init__.py is empty)' : ''}; it lives in ${HOME_MODULE[n.name]}.`;
        diagnostics.push({ range: n.range, severity: severityOf('import/not-exported'), rule: 'import/not-exported', message, fixes });
      }
    }
  }
  return diagnostics;
}

/** A call of build_tei_chute: rename it and fix its import in one go. */
export function removedTemplateDiagnostic(module: PyModule, call: PyCall): Diagnostic {
  const edits = [replaceSpan(module, call.nameSpan, REMOVED_TEMPLATE.replacement)];
  for (const imp of module.imports) {
    if (imp.kind === 'from' && imp.names.some((n) => n.name === REMOVED_TEMPLATE.name)) edits.push(rewriteImport(module, imp).edit);
  }
  return {
    range: call.nameRange,
    severity: severityOf('template/tei-removed'),
    rule: 'template/tei-removed',
    message: TEI_MESSAGE,
    fixes: [{ title: `Use ${REMOVED_TEMPLATE.replacement} from ${EMBEDDING_MODULE}`, edits, preferred: true }],
  };
}

export function teeConfigStandalone(call: PyCall): Diagnostic {
  return { range: call.nameRange, severity: severityOf('tee-config/not-in-sdk'), rule: 'tee-config/not-in-sdk', message: TEE_CONFIG_MESSAGE };
}

/** Edits that make `tee=True` hold on a Chute or template call. */
export function ensureTeeTrue(module: PyModule, call: PyCall, bound: BoundArguments): TextEdit[] {
  const tee = bound.byName.get('tee');
  if (!tee) return insertArgument(module, call, 'tee=True');
  return literalJson(tee.value) === true ? [] : [replaceSpan(module, tee.value.span, 'True')];
}

/** Fix for Chute(tee_config=TEEConfig(enabled=...)): the real switch is tee=True. */
export function teeConfigFix(module: PyModule, call: PyCall, bound: BoundArguments, arg: PyArgument): Fix {
  const teeConfig = resolveCall(module, arg.value, 'tee-config');
  const enabled = teeConfig?.args.find((a) => a.name === 'enabled');
  if (enabled && literalJson(enabled.value) === false) {
    return { title: 'Remove tee_config (TEE stays off)', edits: [removeArgument(module, call, arg)], preferred: true };
  }
  const edits = bound.byName.has('tee')
    ? [removeArgument(module, call, arg), ...ensureTeeTrue(module, call, bound)]
    : [replaceSpan(module, arg.span, 'tee=True')];
  return { title: 'Replace tee_config with tee=True', edits, preferred: true };
}

export function classDecoratorDiagnostic(call: PyCall): Diagnostic {
  const message = classDecoratorMessage(call.decorator?.target?.name);
  return { range: call.nameRange, severity: severityOf('chute/class-decorator'), rule: 'chute/class-decorator', message };
}

const py = (s: string): string => JSON.stringify(s);

/** The guide's Image(base_image=..., pip_packages=[...]) rewritten with the real builder. */
export function imageShapeFix(module: PyModule, call: PyCall, bound: BoundArguments, owner: BoundCall | undefined): Diagnostic {
  const stringArg = (b: BoundArguments | undefined, name: string): string | undefined => {
    const v = b?.byName.get(name);
    const json = v && literalJson(v.value);
    return typeof json === 'string' ? json : undefined;
  };
  const base = bound.unknown.find((a) => a.name === 'base_image');
  const packages = bound.unknown.find((a) => a.name === 'pip_packages');
  const username = stringArg(bound, 'username') ?? stringArg(owner?.bound, 'username') ?? 'your-username';
  const chuteName = stringArg(owner?.bound, 'name')?.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  const name = stringArg(bound, 'name') ?? (chuteName || 'my-image');
  const tag = stringArg(bound, 'tag') ?? '0.1';
  let text = `Image(username=${py(username)}, name=${py(name)}, tag=${py(tag)})`;
  if (base) text += `.from_base(${base.value.text})`;
  if (packages) {
    const list = literalJson(packages.value);
    const command = Array.isArray(list) && list.every((p) => typeof p === 'string')
      ? py(`pip install ${list.join(' ')}`)
      : `"pip install " + " ".join(${packages.value.text})`;
    text += `.run_command(${command})`;
  }
  return {
    range: call.nameRange,
    severity: severityOf('image/constructor-shape'),
    rule: 'image/constructor-shape',
    message: IMAGE_SHAPE_MESSAGE,
    fixes: [{ title: 'Rewrite with Image(username, name, tag).from_base(...).run_command(...)', edits: [replaceSpan(module, call.span, text)], preferred: true }],
  };
}
