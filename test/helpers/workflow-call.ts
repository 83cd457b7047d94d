/**
 * Reusable workflows for the workflow emulator: a workflow's `on: workflow_call` (typed inputs,
 * secrets, outputs) and a caller's job-level `uses:` with `with:` and `secrets:` (a map or
 * `inherit`). The called workflow's jobs run inside the caller's run (same run id, artifacts and
 * `github` context, as on GitHub), shown as `caller / job (matrix)`; the caller's
 * `needs.<job>.outputs` are the called workflow's outputs. Nested calls are refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkTemplate, evaluate, evaluateString, strict, type Scope, type Value } from './workflow-expr.js';
import { checkNeeds, condition, isMap, keysOnly, loadWorkflow, scalarMap, WorkflowError, type JobDef, type LoadOptions, type WorkflowDef } from './workflow-parse.js';
import type { GraphContext, JobConclusion, JobResult } from './workflow-types.js';

export type InputType = 'string' | 'number' | 'boolean';

export interface CallInterface {
  inputs: Record<string, { type: InputType; required: boolean; default?: unknown }>;
  secrets: Record<string, { required: boolean }>;
  /** Output name → its `value:` expression (over `jobs`, `inputs`, `github`). */
  outputs: Record<string, unknown>;
}

export interface CallJobDef {
  uses: string;
  workflow: WorkflowDef;
  with: Record<string, unknown>;
  secrets: 'inherit' | Record<string, unknown>;
}

const TYPES: InputType[] = ['string', 'number', 'boolean'];
const hasExpression = (v: unknown) => typeof v === 'string' && v.includes('${{');

/** `on.workflow_call` of a workflow, or undefined when it is not reusable. */
export function parseCallInterface(on: unknown, file: string): CallInterface | undefined {
  const listed = on === 'workflow_call' || (Array.isArray(on) && on.includes('workflow_call'));
  if (!listed && !(isMap(on) && Object.hasOwn(on, 'workflow_call'))) return undefined;
  const iface: CallInterface = { inputs: {}, secrets: {}, outputs: {} };
  const raw = isMap(on) ? (on.workflow_call ?? {}) : {};
  const where = 'on.workflow_call';
  if (!isMap(raw)) throw new WorkflowError(`${file}: ${where} must be a map`);
  keysOnly(raw, ['inputs', 'secrets', 'outputs'], where, file);
  for (const [name, spec] of Object.entries(isMap(raw.inputs) ? raw.inputs : {})) {
    const at = `${where}.inputs.${name}`;
    if (!isMap(spec)) throw new WorkflowError(`${file}: ${at} must be a map`);
    keysOnly(spec, ['description', 'type', 'required', 'default'], at, file);
    const type = spec.type as InputType;
    if (!TYPES.includes(type)) throw new WorkflowError(`${file}: ${at}.type must be one of ${TYPES.join(', ')} (got ${String(spec.type)})`);
    checkTemplate(spec.default, `${at}.default`, ['github']);
    if (spec.default !== undefined && !hasExpression(spec.default)) coerceInput(type, spec.default, `${file}: ${at}.default`);
    iface.inputs[name] = { type, required: spec.required === true, default: spec.default };
  }
  for (const [name, spec] of Object.entries(isMap(raw.secrets) ? raw.secrets : {})) {
    if (name.toUpperCase() === 'GITHUB_TOKEN') throw new WorkflowError(`${file}: ${where}.secrets.${name}: GITHUB_TOKEN is reserved (every called workflow has it)`);
    const s = isMap(spec) ? spec : {};
    keysOnly(s, ['description', 'required'], `${where}.secrets.${name}`, file);
    iface.secrets[name] = { required: s.required === true };
  }
  for (const [name, spec] of Object.entries(isMap(raw.outputs) ? raw.outputs : {})) {
    if (!isMap(spec) || spec.value === undefined) throw new WorkflowError(`${file}: ${where}.outputs.${name} needs a value:`);
    keysOnly(spec, ['description', 'value'], `${where}.outputs.${name}`, file);
    iface.outputs[name] = spec.value;
  }
  return iface;
}

/** A value for a typed input, as GitHub checks it: a string takes any scalar; number and boolean their own type (or its text from an expression). */
export function coerceInput(type: InputType, v: unknown, where: string): Value {
  if (type === 'string' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return String(v);
  if (type === 'number' && (typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))))) return Number(v);
  if (type === 'boolean' && (typeof v === 'boolean' || v === 'true' || v === 'false')) return v === true || v === 'true';
  throw new WorkflowError(`${where}: the input is typed as ${type}; ${JSON.stringify(v)} is not a ${type}`);
}

/** `owner/name/.github/workflows/x.yml@ref` (this repository only), `./.github/workflows/x.yml` or `$/.github/workflows/x.yml`. */
function resolveCalled(uses: string, repoRoot: string, opts: LoadOptions, where: string): { file: string; remote: boolean } {
  const self = opts.selfRepository ?? 'helios/render-action';
  const local = /^[.$]\/(\.github\/workflows\/[^@/]+\.ya?ml)$/.exec(uses);
  const remote = /^([^/@]+\/[^/@]+)\/(\.github\/workflows\/[^@/]+\.ya?ml)@\S+$/.exec(uses);
  if (remote && remote[1] !== self) throw new WorkflowError(`unsupported workflow key: ${where}.uses: ${uses} (only workflows of ${self}, the repository under test)`);
  const rel = local?.[1] ?? remote?.[2];
  if (!rel) throw new WorkflowError(`${where}.uses: ${uses} is not a reusable workflow reference (owner/repo/.github/workflows/file.yml@ref, ./.github/workflows/file.yml or $/.github/workflows/file.yml)`);
  const file = path.join(repoRoot, rel);
  if (!existsSync(file)) throw new WorkflowError(`${where}.uses: ${uses}: no ${file}`);
  return { file, remote: remote !== null || opts.remote === true };
}

export function loadCallJob(id: string, raw: Record<string, unknown>, allIds: string[], file: string, repoRoot: string, opts: LoadOptions): JobDef {
  const where = `jobs.${id}`;
  keysOnly(raw, ['name', 'uses', 'with', 'secrets', 'needs', 'if', 'permissions'], where, file, ' (a job that calls a reusable workflow)');
  if (typeof raw.uses !== 'string') throw new WorkflowError(`${where}.uses must be a string`);
  const uses = raw.uses;
  const called = resolveCalled(uses, repoRoot, opts, where);
  const workflow = loadWorkflow(called.file, repoRoot, { ...opts, remote: called.remote, called: true });
  const iface = workflow.call as CallInterface;
  const withMap = scalarMap(raw.with, `${where}.with`, ['github', 'needs', 'inputs']);
  for (const [k, v] of Object.entries(withMap)) {
    const spec = iface.inputs[k];
    if (!spec) throw new WorkflowError(`${where}.with.${k}: ${uses} has no input ${k} (inputs: ${Object.keys(iface.inputs).join(', ') || 'none'})`);
    if (!hasExpression(v)) coerceInput(spec.type, v, `${where}.with.${k}`);
  }
  for (const [k, spec] of Object.entries(iface.inputs)) {
    if (spec.required && !Object.hasOwn(withMap, k)) throw new WorkflowError(`${where}: input ${k} is required by ${uses} but not given in with:`);
  }
  let secrets: CallJobDef['secrets'] = 'inherit';
  if (raw.secrets !== 'inherit') {
    secrets = scalarMap(raw.secrets, `${where}.secrets`, ['github', 'needs', 'inputs', 'secrets']);
    for (const k of Object.keys(secrets)) if (!iface.secrets[k]) throw new WorkflowError(`${where}.secrets.${k}: ${uses} declares no secret ${k}`);
    for (const [k, s] of Object.entries(iface.secrets)) if (s.required && !Object.hasOwn(secrets, k)) throw new WorkflowError(`${where}: secret ${k} is required by ${uses}`);
  }
  checkTemplate(raw.name, `${where}.name`, ['github', 'needs', 'inputs']);
  const job: JobDef = { id, name: typeof raw.name === 'string' ? raw.name : undefined, runsOn: undefined, needs: checkNeeds(raw, id, allIds), outputs: {}, failFast: true, steps: [], call: { uses, workflow, with: withMap, secrets } };
  if (raw.if !== undefined) {
    job.if = condition(raw.if, `${where}.if`);
    checkTemplate(job.if, `${where}.if`, ['github', 'needs', 'inputs']);
  }
  return job;
}

/** Runs a caller's `uses:` job: the called workflow's jobs with its inputs and secrets, then its outputs. */
export async function runCallJob(g: GraphContext, job: JobDef, scope: Scope, runGraph: (g: GraphContext) => Promise<Record<string, JobResult>>): Promise<JobResult> {
  const call = job.call as CallJobDef;
  const iface = call.workflow.call as CallInterface;
  const where = `jobs.${job.id}`;
  const inputs: Record<string, Value> = strict({});
  for (const [name, spec] of Object.entries(iface.inputs)) {
    const given = Object.hasOwn(call.with, name);
    const raw = given ? evaluate(call.with[name], scope, `${where}.with.${name}`) : spec.default !== undefined ? evaluate(spec.default, { github: scope.github }, `${call.uses} inputs.${name}.default`) : undefined;
    inputs[name] = raw === undefined ? { string: '', number: 0, boolean: false }[spec.type] : coerceInput(spec.type, raw, given ? `${where}.with.${name}` : `${call.uses} inputs.${name}.default`);
  }
  const passed = call.secrets === 'inherit' ? { ...g.secrets } : Object.fromEntries(Object.entries(call.secrets).map(([k, v]) => [k, evaluateString(v, scope, `${where}.secrets.${k}`)]));
  const secrets: Record<string, string> = { GITHUB_TOKEN: g.secrets.GITHUB_TOKEN, ...passed };
  for (const [name, s] of Object.entries(iface.secrets)) {
    secrets[name] ??= '';
    if (s.required && secrets[name] === '') throw new WorkflowError(`${where}: secret ${name} is required by ${call.uses} and the caller has none (secrets: inherit)`);
  }
  const label = job.name !== undefined ? evaluateString(job.name, scope, `${where}.name`) : job.id;
  const jobs = await runGraph({ ...g, wf: call.workflow, inputs, secrets, keyPrefix: `${g.keyPrefix}${job.id}.`, labelPrefix: `${g.labelPrefix}${label} / `, only: undefined, previous: undefined });
  const all = Object.values(jobs);
  const result: JobConclusion = all.some((j) => j.result === 'failure') ? 'failure' : all.some((j) => j.result === 'cancelled') ? 'cancelled' : 'success';
  const jobsCtx: Record<string, Value> = strict({});
  for (const inner of call.workflow.jobs) {
    const r = jobs[inner.id];
    jobsCtx[inner.id] = strict({ outputs: strict(Object.fromEntries(Object.keys(inner.outputs).map((k) => [k, r.outputs[k] ?? '']))), result: r.result });
  }
  const outScope: Scope = { github: scope.github, inputs, jobs: jobsCtx };
  const outputs = Object.fromEntries(Object.entries(iface.outputs).map(([k, v]) => [k, evaluateString(v, outScope, `${call.uses} on.workflow_call.outputs.${k}`)]));
  return { ok: all.every((j) => j.ok), result, outputs, legs: all.flatMap((j) => j.legs), jobs };
}
