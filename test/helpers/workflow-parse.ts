/**
 * Loads a workflow file and the local actions it uses for the emulator (workflow-runner.ts),
 * refusing loudly (`unsupported workflow key: …`) everything outside the subset it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { checkTemplate, type ContextName } from './workflow-expr.js';
import { loadCallJob, parseCallInterface, type CallInterface, type CallJobDef } from './workflow-call.js';

export interface StepDef {
  index: number;
  where: string;
  name?: string;
  id?: string;
  uses: string;
  /** The local action, or undefined for actions/checkout (a no-op). */
  action?: ActionDef;
  with: Record<string, unknown>;
  env: Record<string, unknown>;
  if?: string;
}

export interface JobDef {
  id: string;
  name?: string;
  runsOn: unknown;
  needs: string[];
  outputs: Record<string, unknown>;
  /** strategy.matrix as written: a map (values arrays or expressions) or one expression. */
  matrix?: unknown;
  failFast: unknown;
  maxParallel?: unknown;
  timeoutMinutes?: unknown;
  if?: string;
  /** Empty for a job that calls a reusable workflow (`call`). */
  steps: StepDef[];
  call?: CallJobDef;
}

export interface WorkflowDef {
  file: string;
  name?: string;
  on: unknown;
  /** `on.workflow_call`: the workflow is reusable. */
  call?: CallInterface;
  /** In dependency order. */
  jobs: JobDef[];
}

export interface LoadOptions {
  /** owner/name of repoRoot, for `owner/name/.github/workflows/x.yml@ref` calls (default helios/render-action). */
  selfRepository?: string;
  /** Loaded as a reusable workflow called from another repository: `./` actions would resolve against the caller's checkout. */
  remote?: boolean;
  /** Loaded as a called workflow (a call inside it is refused: nesting is not emulated). */
  called?: boolean;
}

export interface ActionDef {
  file: string;
  dir: string;
  using: string;
  /** Absolute path of runs.main. */
  main: string;
  inputs: Record<string, { default?: unknown }>;
}

export class WorkflowError extends Error {}

export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function keysOnly(obj: Record<string, unknown>, allowed: string[], where: string, file: string, hint = ''): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new WorkflowError(`unsupported workflow key: ${where}${where ? '.' : ''}${key} in ${file}${hint} (supported: ${allowed.join(', ')})`);
  }
}

const IN_JOB: ContextName[] = ['github', 'needs', 'matrix', 'inputs'];
const IN_STEP: ContextName[] = ['github', 'needs', 'matrix', 'steps', 'secrets', 'inputs'];

/** Wraps a bare `if:` condition in `${{ }}` as GitHub does. */
export const condition = (v: unknown, where: string): string => {
  if (typeof v === 'boolean') return String(v);
  if (typeof v !== 'string') throw new WorkflowError(`${where} must be a string expression`);
  return v.includes('${{') ? v : `\${{ ${v} }}`;
};

export function scalarMap(v: unknown, where: string, available: ContextName[]): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isMap(v)) throw new WorkflowError(`${where} must be a map`);
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'object' && val !== null) throw new WorkflowError(`${where}.${k} must be a string, number or boolean`);
    checkTemplate(val, `${where}.${k}`, available);
  }
  return v;
}

function loadAction(repoRoot: string, uses: string, where: string): ActionDef {
  const dir = path.resolve(repoRoot, uses);
  const file = ['action.yml', 'action.yaml'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new WorkflowError(`${where}: no action.yml in ${dir} (uses: ${uses})`);
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  if (!isMap(doc) || !isMap(doc.runs)) throw new WorkflowError(`${file}: no runs: section`);
  const runs = doc.runs;
  if (runs.using !== 'node20' && runs.using !== 'node24') throw new WorkflowError(`${file}: unsupported runs.using: ${String(runs.using)} (only node20/node24 JavaScript actions)`);
  keysOnly(runs, ['using', 'main'], 'runs', file, ' (pre/post steps are not emulated)');
  if (typeof runs.main !== 'string') throw new WorkflowError(`${file}: runs.main is missing`);
  const inputs: ActionDef['inputs'] = {};
  for (const [name, spec] of Object.entries(isMap(doc.inputs) ? doc.inputs : {})) {
    const def = isMap(spec) ? spec.default : undefined;
    checkTemplate(def, `${file} inputs.${name}.default`, ['github']);
    inputs[name] = { default: def };
  }
  return { file, dir, using: runs.using, main: path.resolve(dir, runs.main), inputs };
}

function loadStep(raw: unknown, index: number, jobWhere: string, file: string, repoRoot: string, opts: LoadOptions): StepDef {
  const where = `${jobWhere}.steps[${index}]`;
  if (!isMap(raw)) throw new WorkflowError(`${where} must be a map`);
  keysOnly(raw, ['name', 'id', 'uses', 'with', 'env', 'if'], where, file, raw.run !== undefined ? ' (run: steps are not emulated, only uses:)' : '');
  const { uses, id, name } = raw;
  if (typeof uses !== 'string') throw new WorkflowError(`${where}: uses: is required`);
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) throw new WorkflowError(`${where}: invalid id ${String(id)}`);
  checkTemplate(name, `${where}.name`, IN_STEP);
  let action: ActionDef | undefined;
  if (uses.startsWith('./') || uses.startsWith('$/')) {
    if (uses.includes('@')) throw new WorkflowError(`${where}: a local action takes no @ref: ${uses}`);
    // `./` is the workspace (on GitHub, the caller's checkout in a reusable workflow); `$/` is the
    // workflow's own repository at its commit. The emulator's workspace holds repoRoot's actions,
    // so both read repoRoot, except `./` in a workflow called from another repository.
    if (uses.startsWith('./') && opts.remote) throw new WorkflowError(`${where}: uses: ${uses} in a reusable workflow called from another repository resolves against the caller's checkout on GitHub; use $/${uses.slice(2)}`);
    action = loadAction(repoRoot, `.${uses.slice(1)}`, where);
  } else if (!/^actions\/checkout@\S+$/.test(uses)) {
    throw new WorkflowError(`unsupported workflow key: ${where}.uses: ${uses} (only ./ and $/ local actions and actions/checkout@*)`);
  }
  const step: StepDef = {
    index,
    where,
    name: typeof name === 'string' ? name : undefined,
    id: id as string | undefined,
    uses,
    action,
    with: scalarMap(raw.with, `${where}.with`, IN_STEP),
    env: scalarMap(raw.env, `${where}.env`, IN_STEP),
  };
  if (raw.if !== undefined) {
    step.if = condition(raw.if, `${where}.if`);
    checkTemplate(step.if, `${where}.if`, ['github', 'needs', 'matrix', 'steps']);
  }
  return step;
}

export function checkNeeds(raw: Record<string, unknown>, id: string, allIds: string[]): string[] {
  const needs = raw.needs === undefined ? [] : [raw.needs].flat();
  for (const n of needs) {
    if (typeof n !== 'string' || !allIds.includes(n) || n === id) throw new WorkflowError(`jobs.${id}.needs: unknown job ${String(n)}`);
  }
  return needs as string[];
}

function loadJob(id: string, raw: unknown, allIds: string[], file: string, repoRoot: string, opts: LoadOptions): JobDef {
  const where = `jobs.${id}`;
  if (!ID.test(id)) throw new WorkflowError(`${where}: invalid job id`);
  if (!isMap(raw)) throw new WorkflowError(`${where} must be a map`);
  if (raw.uses !== undefined) {
    if (opts.called) throw new WorkflowError(`unsupported workflow key: ${where}.uses in ${file} (a reusable workflow that calls another is not emulated)`);
    return loadCallJob(id, raw, allIds, file, repoRoot, opts);
  }
  keysOnly(raw, ['name', 'runs-on', 'needs', 'outputs', 'strategy', 'permissions', 'timeout-minutes', 'if', 'steps'], where, file);
  if (raw['runs-on'] === undefined) throw new WorkflowError(`${where}: runs-on is required`);
  for (const label of [raw['runs-on']].flat()) checkTemplate(label, `${where}.runs-on`, IN_JOB);
  checkTemplate(raw.name, `${where}.name`, IN_JOB);
  const needs = checkNeeds(raw, id, allIds);
  const job: JobDef = { id, name: typeof raw.name === 'string' ? raw.name : undefined, runsOn: raw['runs-on'], needs, outputs: scalarMap(raw.outputs, `${where}.outputs`, IN_STEP), failFast: true, steps: [] };
  if (raw.strategy !== undefined) {
    const s = raw.strategy;
    if (!isMap(s)) throw new WorkflowError(`${where}.strategy must be a map`);
    keysOnly(s, ['matrix', 'fail-fast', 'max-parallel'], `${where}.strategy`, file);
    if (s.matrix === undefined) throw new WorkflowError(`${where}.strategy: matrix is required`);
    if (isMap(s.matrix)) {
      keysOnly(s.matrix, Object.keys(s.matrix).filter((k) => k !== 'include' && k !== 'exclude'), `${where}.strategy.matrix`, file, ' (include/exclude are not emulated)');
      for (const [k, v] of Object.entries(s.matrix)) {
        if (!Array.isArray(v) && typeof v !== 'string') throw new WorkflowError(`${where}.strategy.matrix.${k} must be an array or an expression`);
        checkTemplate(v, `${where}.strategy.matrix.${k}`, ['github', 'needs', 'inputs']);
      }
    } else if (typeof s.matrix === 'string') checkTemplate(s.matrix, `${where}.strategy.matrix`, ['github', 'needs', 'inputs']);
    else throw new WorkflowError(`${where}.strategy.matrix must be a map or an expression`);
    checkTemplate(s['fail-fast'], `${where}.strategy.fail-fast`, ['github', 'needs', 'inputs']);
    checkTemplate(s['max-parallel'], `${where}.strategy.max-parallel`, ['github', 'needs', 'inputs']);
    Object.assign(job, { matrix: s.matrix, failFast: s['fail-fast'] ?? true, maxParallel: s['max-parallel'] });
  }
  if (raw['timeout-minutes'] !== undefined) {
    checkTemplate(raw['timeout-minutes'], `${where}.timeout-minutes`, IN_JOB);
    job.timeoutMinutes = raw['timeout-minutes'];
  }
  if (raw.if !== undefined) {
    job.if = condition(raw.if, `${where}.if`);
    checkTemplate(job.if, `${where}.if`, ['github', 'needs', 'inputs']);
  }
  if (!Array.isArray(raw.steps) || raw.steps.length === 0) throw new WorkflowError(`${where}: steps: must be a non-empty list`);
  job.steps = raw.steps.map((st, i) => loadStep(st, i, where, file, repoRoot, opts));
  const ids = job.steps.map((st) => st.id).filter((x): x is string => x !== undefined);
  const dup = ids.find((x, i) => ids.indexOf(x) !== i);
  if (dup) throw new WorkflowError(`${where}: duplicate step id ${dup}`);
  return job;
}

/** Does `on:` (a string, a list or a map) list this event? */
export function listsEvent(on: unknown, event: string): boolean {
  if (typeof on === 'string') return on === event;
  if (Array.isArray(on)) return on.includes(event);
  return isMap(on) && Object.hasOwn(on, event);
}

export function loadWorkflow(file: string, repoRoot: string, opts: LoadOptions = {}): WorkflowDef {
  const doc: unknown = parse(readFileSync(file, 'utf8'));
  if (!isMap(doc)) throw new WorkflowError(`${file}: not a workflow (expected a map)`);
  keysOnly(doc, ['name', 'on', 'permissions', 'concurrency', 'jobs'], '', file);
  if (doc.on === undefined) throw new WorkflowError(`${file}: on: is required`);
  if (!isMap(doc.jobs) || Object.keys(doc.jobs).length === 0) throw new WorkflowError(`${file}: jobs: must be a non-empty map`);
  const jobsMap = doc.jobs;
  const ids = Object.keys(jobsMap);
  const call = parseCallInterface(doc.on, file);
  if (opts.called && !call) throw new WorkflowError(`${file} is not a reusable workflow: its on: has no workflow_call`);
  const defs = new Map(ids.map((id) => [id, loadJob(id, jobsMap[id], ids, file, repoRoot, opts)]));
  // Dependency order; a cycle is an error, as on GitHub.
  const ordered: JobDef[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, chain: string[]) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new WorkflowError(`${file}: jobs form a cycle: ${[...chain, id].join(' -> ')}`);
    state.set(id, 'visiting');
    const def = defs.get(id) as JobDef;
    for (const n of def.needs) visit(n, [...chain, id]);
    state.set(id, 'done');
    ordered.push(def);
  };
  for (const id of ids) visit(id, []);
  if (call) for (const [k, v] of Object.entries(call.outputs)) checkTemplate(v, `on.workflow_call.outputs.${k}.value`, ['github', 'inputs', 'jobs']);
  return { file, name: typeof doc.name === 'string' ? doc.name : undefined, on: doc.on, call, jobs: ordered };
}
