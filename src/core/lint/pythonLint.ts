// Lints a Python chute definition: every SDK call is bound to its callable, checked against the
// schemas, and checked for what the SDK silently drops (the seed guide's shapes included).

import { appendAll, own } from '../python/collections';
import type { PyArgument, PyCall, PyModule } from '../python/types';
import { closestGpuIds } from '../schema/gpus';
import { propertyNames } from '../schema/schemas';
import type { Callable } from '../schema/sdk';
import { closestNames } from '../schema/similar';
import type { SchemaValidator } from '../schema/validate';
import { GUIDE_CHUTE_FIELDS, GUIDE_NODE_SELECTOR_FIELDS, nameNeedsTee, TEE_RESTRICTED_MESSAGE, teeNameMessage } from './guide';
import { importDiagnostics, imageShapeFix, removedTemplateDiagnostic, teeConfigFix, ensureTeeTrue, teeConfigStandalone, classDecoratorDiagnostic } from './pythonGuide';
import { importEdits, insertArgument, removeArgument, replaceSpan } from './pythonEdits';
import { bindModule, callTarget, literalJson, sdkPath, selectorValues, type BoundArguments, type BoundCall, type BoundModule } from './pythonTarget';
import { severityOf, type RuleId } from './rules';
import { checkAgainstSchema, type Family } from './schemaCheck';
import { brief } from './text';
import { selectorDiagnostics } from './selectorRules';
import { withApplicableFixes } from './applicableFixes';
import type { Diagnostic, Fix } from './types';

export interface LintPythonOptions {
  /** Also check files that do not import chutes (default: only files that do). */
  requireChutesImport?: boolean;
}

export function lintPythonModule(module: PyModule, validator: SchemaValidator, options: LintPythonOptions = {}, bound = bindModule(module)): Diagnostic[] {
  if (options.requireChutesImport !== false && !module.importsChutes) return [];
  return new PythonLinter(module, validator, bound).run();
}

function familyOf(call: PyCall): Family {
  return call.kind === 'template' ? 'template' : (call.kind as Family);
}

class PythonLinter {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly calls: Map<PyCall, BoundCall>;
  private readonly parents: Map<PyCall, PyCall[]>;

  constructor(
    private readonly module: PyModule,
    private readonly validator: SchemaValidator,
    bound: BoundModule,
  ) {
    ({ calls: this.calls, parents: this.parents } = bound);
  }

  run(): Diagnostic[] {
    appendAll(this.diagnostics, importDiagnostics(this.module));
    for (const call of this.module.calls) {
      const bound = this.calls.get(call);
      if (bound) this.checkCall(bound);
      else if (call.kind === 'template') this.diagnostics.push(removedTemplateDiagnostic(this.module, call));
      else if (call.kind === 'tee-config' && !this.parents.has(call)) this.diagnostics.push(teeConfigStandalone(call));
    }
    this.checkCordsAndJobs();
    return this.diagnostics
      .map(withApplicableFixes)
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  private report(rule: RuleId, range: Diagnostic['range'], message: string, fixes?: Fix[]): void {
    this.diagnostics.push({ range, severity: severityOf(rule), message, rule, ...(fixes?.length ? { fixes } : {}) });
  }

  private checkCall(entry: BoundCall): void {
    const { call, callable, bound } = entry;
    const family = familyOf(call);
    for (const arg of bound.repeated) {
      this.report('python/repeated-keyword', arg.nameRange!, `${arg.name} is given twice: Python refuses the call (SyntaxError or TypeError) when the module is imported.`);
    }
    for (const arg of bound.positionalAfterKeyword) {
      this.report('python/positional-argument', arg.range, `${brief(arg.text)} is a positional argument after keyword arguments: SyntaxError when the module is imported (finish it as name=value).`);
    }
    const count = propertyNames(callable.schema).length;
    for (const arg of bound.extraPositional) {
      const shape = callable.positional ? `takes at most ${count} positional arguments` : 'takes keyword arguments only';
      this.report('python/positional-argument', arg.range, `${callable.display} ${shape}: TypeError when the module is imported.`);
    }
    const guideImage = this.checkUnknownArguments(entry, family);

    const target = callTarget(call, callable, bound, { family, display: callable.display });
    target.fixes = (rule, pointer) => (rule === 'node-selector/unknown-gpu' ? this.gpuFixes(bound, pointer) : undefined);
    const { diagnostics } = checkAgainstSchema(this.validator, target);
    // The rewrite of the guide's Image(base_image=...) supplies username, name and tag.
    appendAll(this.diagnostics, diagnostics.filter((d) => !(guideImage && d.rule === 'image/missing-argument')));

    if (call.kind === 'chute') this.checkChute(entry);
    if (call.kind === 'chute' && !bound.hasStarArgs) this.checkMissingRevision(entry);
    if (call.kind === 'chute' || call.kind === 'template') this.checkTee(entry);
    if (call.kind === 'node-selector' && !diagnostics.length) this.checkSelector(entry);
    if (call.kind === 'cord' && !bound.hasStarArgs && !bound.byName.has('public_api_path')) {
      this.report('cord/no-public-api-path', call.nameRange, `This cord has no public_api_path, so it cannot be invoked over HTTP at https://<slug>.chutes.ai; add e.g. public_api_path="/${call.decorator?.target?.name ?? 'run'}".`);
    }
  }

  /** Reports unknown keywords; returns whether the call is the guide's Image(base_image=...) shape. */
  private checkUnknownArguments({ call, callable, bound }: BoundCall, family: Family): boolean {
    const shapeArgs = call.kind === 'image' ? bound.unknown.filter((a) => a.name === 'base_image' || a.name === 'pip_packages') : [];
    if (shapeArgs.length) this.diagnostics.push(imageShapeFix(this.module, call, bound, this.ownerOf(call)));
    for (const arg of bound.unknown) {
      if (shapeArgs.includes(arg)) continue;
      const name = arg.name!;
      const guide = call.kind === 'node-selector' ? own(GUIDE_NODE_SELECTOR_FIELDS, name) : call.kind === 'chute' ? own(GUIDE_CHUTE_FIELDS, name) : undefined;
      if (guide) {
        this.report(guide.rule, arg.nameRange!, guide.message('tee=True'), this.guideFixes(call, bound, arg));
        continue;
      }
      const suggestions = closestNames(name, propertyNames(callable.schema).filter((p) => !bound.byName.has(p)));
      const fixes = suggestions.map((s, i): Fix => ({ title: `Rename to ${s}`, edits: [replaceSpan(this.module, arg.nameSpan!, s)], preferred: i === 0 }));
      const hint = suggestions.length ? ` Did you mean ${suggestions.join(' or ')}?` : '';
      this.report(`${family}/unknown-argument` as RuleId, arg.nameRange!, `${unknownMessage(callable, name)}${hint}`, fixes);
    }
    return shapeArgs.length > 0;
  }

  private guideFixes(call: PyCall, bound: BoundArguments, arg: PyArgument): Fix[] {
    switch (arg.name) {
      case 'min_vram_gb':
        return bound.byName.has('min_vram_gb_per_gpu')
          ? [{ title: 'Remove min_vram_gb (min_vram_gb_per_gpu is set)', edits: [removeArgument(this.module, call, arg)] }]
          : [{ title: 'Rename to min_vram_gb_per_gpu', edits: [replaceSpan(this.module, arg.nameSpan!, 'min_vram_gb_per_gpu')], preferred: true }];
      case 'require_tee': {
        const edits = [removeArgument(this.module, call, arg)];
        const wantsTee = literalJson(arg.value) !== false;
        const owners = wantsTee ? (this.parents.get(call) ?? []) : [];
        for (const owner of owners) appendAll(edits, ensureTeeTrue(this.module, owner, this.calls.get(owner)!.bound));
        const title = owners.length ? 'Remove require_tee and set tee=True on the chute' : 'Remove require_tee';
        return [{ title, edits, preferred: true }];
      }
      case 'tee_config':
        return [teeConfigFix(this.module, call, bound, arg)];
      default:
        return [{ title: `Remove ${arg.name} (it is never sent)`, edits: [removeArgument(this.module, call, arg)] }];
    }
  }

  private gpuFixes(bound: BoundArguments, pointer: string): Fix[] {
    const [, list, index] = pointer.split('/');
    const value = bound.byName.get(list!)?.value;
    const item = value?.kind === 'list' ? value.items[Number(index)] : undefined;
    if (item?.kind !== 'str') return [];
    const quote = this.module.source[item.parts[0]!.content.start - 1] === "'" ? "'" : '"';
    return closestGpuIds(item.value).map((id, i) => ({
      title: `Replace with ${id}`,
      edits: [replaceSpan(this.module, item.span, `${quote}${id}${quote}`)],
      preferred: i === 0,
    }));
  }

  private ownerOf(call: PyCall): BoundCall | undefined {
    const owner = this.parents.get(call)?.[0];
    return owner && this.calls.get(owner);
  }

  private checkChute({ call, bound }: BoundCall): void {
    if (call.decorator) {
      this.diagnostics.push(classDecoratorDiagnostic(call));
      return;
    }
    if (!bound.hasStarArgs && !bound.byName.has('node_selector')) {
      const selector = 'NodeSelector(gpu_count=1, min_vram_gb_per_gpu=24)';
      const edits = [...insertArgument(this.module, call, `node_selector=${selector}`), ...importEdits(this.module, 'chutes.chute', 'NodeSelector')];
      this.report('chute/missing-node-selector', call.nameRange, `This chute has no node_selector: \`chutes build\` works, but \`chutes deploy\` fails calling .dict() on None. Add node_selector=${selector}.`, [
        { title: `Add node_selector=${selector}`, edits },
      ]);
    }
  }

  /**
   * What the server and the SDK refuse about a chute's cords and jobs: none at all or both (400),
   * and two cords with one path (DuplicatePath when the module is imported). Cords and jobs are
   * the `@<variable>.cord/.job` decorators of the variable the Chute is assigned to.
   */
  private checkCordsAndJobs(): void {
    const byReceiver = new Map<string, { cords: PyCall[]; jobs: PyCall[] }>();
    const entry = (name: string): { cords: PyCall[]; jobs: PyCall[] } => {
      let found = byReceiver.get(name);
      if (!found) byReceiver.set(name, (found = { cords: [], jobs: [] }));
      return found;
    };
    for (const call of this.module.calls) {
      if (call.receiver === undefined || !call.decorator) continue;
      if (call.kind === 'cord') entry(call.receiver).cords.push(call);
      else if (call.kind === 'job') entry(call.receiver).jobs.push(call);
    }
    for (const call of this.module.calls) {
      // A Chute( still being typed may have swallowed the cords below it (an open string or bracket).
      if (call.kind !== 'chute' || call.decorator || !call.close || call.assignedTo === undefined || !this.calls.has(call)) continue;
      const { cords, jobs } = entry(call.assignedTo);
      const name = call.assignedTo;
      if (!cords.length && !jobs.length) {
        this.report('chute/no-cords-or-jobs', call.nameRange, `${name} has no @${name}.cord(...) or @${name}.job(...) functions: the server answers 400 ("A chute must define at least one cord() or job() function!"). Expose a function with @${name}.cord(public_api_path=...).`);
      } else if (cords.length && jobs.length) {
        this.report('chute/cords-and-jobs', call.nameRange, `${name} has both cords and jobs: the server answers 400 ("A chute can have jobs or cords not both."). Split them into two chutes.`);
      }
    }
    for (const [receiver, { cords }] of byReceiver) this.checkDuplicatePaths(receiver, cords);
  }

  private checkDuplicatePaths(receiver: string, cords: readonly PyCall[]): void {
    const seen = new Map<string, PyCall>();
    for (const call of cords) {
      const bound = this.calls.get(call)?.bound;
      const pathArg = bound?.byName.get('path');
      const written = pathArg ? literalJson(pathArg.value) : undefined;
      const path = typeof written === 'string' ? sdkPath(written) : !pathArg && call.decorator?.target ? `/${call.decorator.target.name}` : undefined;
      if (path === undefined) continue;
      const first = seen.get(path);
      if (!first) {
        seen.set(path, call);
        continue;
      }
      const range = pathArg?.value.range ?? call.decorator?.target?.nameRange ?? call.nameRange;
      this.report('cord/duplicate-path', range, `Another cord of ${receiver} (line ${first.nameRange.start.line + 1}) already has the path ${path}: the SDK raises DuplicatePath when the module is imported. Give each cord its own path.`);
    }
  }

  private checkMissingRevision({ bound }: BoundCall): void {
    const template = bound.byName.get('standard_template');
    if (!template || literalJson(template.value) !== 'vllm') return;
    const revision = bound.byName.get('revision');
    if (revision && literalJson(revision.value) !== null) return;
    this.report('chute/missing-revision', (revision ?? template).value.range, 'standard_template="vllm" without revision: the server answers 400 ("Missing required revision parameter for vllm template."). Set revision= to the Hugging Face commit sha (40 hex characters) of the model.');
  }

  private checkTee({ call, callable, bound }: BoundCall): void {
    const tee = bound.byName.get('tee');
    const teeValue = tee ? literalJson(tee.value) : false;
    const nameArg = bound.byName.get(callable.schema === 'chute' || callable.schema === 'diffusion-template' ? 'name' : 'model_name');
    const name = nameArg && literalJson(nameArg.value);
    if (typeof name === 'string' && nameNeedsTee(name) && teeValue === false) {
      this.report('chute/tee-name', nameArg!.value.range, teeNameMessage(name, 'tee=True'), [
        { title: 'Set tee=True', edits: ensureTeeTrue(this.module, call, bound), preferred: true },
      ]);
    }
    if (teeValue === true) {
      this.report('chute/tee-restricted', tee!.value.range, `tee=True: ${TEE_RESTRICTED_MESSAGE}`);
    }
  }

  private checkSelector({ call, bound }: BoundCall): void {
    const [values, complete] = selectorValues(bound);
    appendAll(this.diagnostics, selectorDiagnostics({ values, complete, anchor: call.nameRange, fieldRange: (field) => bound.byName.get(field)?.value.range }));
  }
}

function unknownMessage(callable: Callable, name: string): string {
  switch (callable.unknownKeywords) {
    case 'fastapi':
      return `Chute has no argument ${name}: FastAPI swallows it and it is never sent to the platform.`;
    case 'pydantic':
      return `NodeSelector has no field ${name}: pydantic ignores it and the default applies.`;
    case 'aiohttp':
      return `${name} is not a cord option (cords have no auth or rate_limit options): the SDK hands it to aiohttp.ClientSession for passthrough calls, where an unknown name fails with TypeError.`;
    case 'type-error':
      return `${callable.display} has no parameter ${name}: TypeError when the module is imported.`;
  }
}
