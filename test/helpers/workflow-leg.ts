/**
 * One job (or one matrix leg) of the workflow emulator: its steps in order, each local action
 * as a runner starts a JavaScript action (INPUT_*, GITHUB_*, RUNNER_*, the results service's
 * runtime token for this job), then the job's `outputs:` evaluated over its steps.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { evaluate, evaluateString, strict, truthy, type Scope, type Value } from './workflow-expr.js';
import type { JobDef, StepDef, WorkflowDef } from './workflow-parse.js';
import { SecretMasker } from './workflow-mask.js';
import { nodeForAction } from './node-binaries.js';
import { killGroups, runStepProcess } from './workflow-step.js';
import type { LegResult, RunWorkflowOptions } from './workflow-types.js';

export interface LegContext {
  o: RunWorkflowOptions;
  wf: WorkflowDef;
  job: JobDef;
  matrix: Record<string, Value>;
  index: number;
  /** Display name, e.g. `render (2)`: the `job` argument of onLine. */
  label: string;
  attempt: number;
  runBackendId: string;
  /** Runner variables shared by every leg of the attempt (GITHUB_RUN_ID, GITHUB_EVENT_PATH, …). */
  runEnv: Record<string, string>;
  github: Record<string, Value>;
  needs: Value;
  /** A called workflow's inputs context (undefined at the top level). */
  inputs?: Record<string, Value>;
  /** The secrets context (GITHUB_TOKEN included); masked from the start. */
  secrets: Record<string, string>;
  /** Unique job key within the run (`caller.job` in a called workflow): backend id and temp dir. */
  key: string;
  /** Fail-fast cancellation, or a fatal error elsewhere in the run. */
  signal: AbortSignal;
}

/** The env name @actions/core's getInput reads: spaces → `_`, upper case, dashes kept. */
const inputEnvName = (name: string) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export function jobBackendIdFor(runBackendId: string, attempt: number, jobId: string, index: number): string {
  return `${runBackendId}-a${attempt}-${jobId}-${index}`;
}

const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k] as string]));

export async function runLeg(c: LegContext): Promise<LegResult> {
  const { o, job } = c;
  const startedAt = Date.now();
  const jobBackendId = jobBackendIdFor(c.runBackendId, c.attempt, c.key, c.index);
  const legDir = path.join(o.tempDir, `attempt-${c.attempt}`, `${c.key}-${c.index}`);
  const temp = path.join(legDir, 'temp');
  const toolCache = path.join(o.tempDir, 'tool-cache');
  await mkdir(temp, { recursive: true });
  await mkdir(toolCache, { recursive: true });
  const workspace = typeof o.workspace === 'string' ? o.workspace : await o.workspace({ jobId: job.id, matrix: c.matrix, index: c.index });
  const log: string[] = [];
  // One masker per job, as the runner keeps one per job: a value masked in one step is masked in the next.
  const masker = new SecretMasker([o.token, ...Object.values(c.secrets)]);
  const line = (raw: string) => {
    const s = masker.line(raw);
    log.push(s);
    o.onLine?.(c.label, s);
  };

  const stepsCtx: Record<string, Value> = strict({});
  for (const st of job.steps) if (st.id) stepsCtx[st.id] = strict({ outputs: {}, outcome: null, conclusion: null });
  const scope: Scope = {
    github: strict({ ...c.github, job: job.id, workspace }),
    needs: c.needs,
    matrix: strict({ ...c.matrix }),
    steps: stepsCtx,
    secrets: strict({ ...c.secrets }),
    ...(c.inputs ? { inputs: c.inputs } : {}),
  };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const summaries: string[] = [];
  const groups = new Set<number>();
  const addedEnv: Record<string, string> = {};
  const addedPath: string[] = [];
  const actionIds = new Map<string, number>();
  let ok = true;
  let exitCode: number | null = 0;

  const abort = new AbortController();
  const onCancel = () => abort.abort();
  if (c.signal.aborted) abort.abort();
  else c.signal.addEventListener('abort', onCancel, { once: true });
  let timedOut = false;
  const minutes = job.timeoutMinutes === undefined ? 360 : Number(evaluate(job.timeoutMinutes, scope, `jobs.${job.id}.timeout-minutes`));
  const timer = setTimeout(() => {
    timedOut = true;
    line(`##[error]The job running on runner emulator has exceeded the maximum execution time of ${minutes} minutes.`);
    abort.abort();
  }, minutes * 60_000);

  const runStep = async (step: StepDef) => {
    const stepKey = step.id ?? uniqueActionId(actionIds, step.uses.startsWith('./') ? '__self' : `__${step.uses.replace(/@.*/, '').replace(/[^A-Za-z0-9]/g, '_')}`);
    const record = (outcome: 'success' | 'failure' | 'skipped', outputs: Record<string, string>) => {
      stepOutputs[stepKey] = outputs;
      if (step.id) stepsCtx[step.id] = strict({ outputs, outcome, conclusion: outcome });
    };
    if (step.if !== undefined && !truthy(evaluate(step.if, scope, `${step.where}.if`))) {
      line(`Skipping step ${step.name ?? step.uses}: if: ${step.if} is false`);
      return record('skipped', {});
    }
    const title = step.name !== undefined ? evaluateString(step.name, scope, `${step.where}.name`) : `Run ${step.uses}`;
    const withValues = Object.fromEntries(Object.entries(step.with).map(([k, v]) => [k, evaluateString(v, scope, `${step.where}.with.${k}`)]));
    const stepEnv = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, evaluateString(v, scope, `${step.where}.env.${k}`)]));
    line(`##[group]${title}`);
    for (const [k, v] of Object.entries(withValues)) line(`  ${k}: ${v.length > 200 ? `${v.slice(0, 200)}…` : v}`);
    line('##[endgroup]');
    const action = step.action;
    if (!action) {
      line('actions/checkout: no-op, the workspace is already prepared');
      return record('success', {});
    }
    const inputs: Record<string, string> = {};
    const declared = Object.keys(action.inputs);
    for (const [name, spec] of Object.entries(action.inputs)) {
      const given = Object.keys(withValues).find((k) => k.toLowerCase() === name.toLowerCase());
      inputs[inputEnvName(name)] = given !== undefined ? withValues[given] : evaluateString(spec.default, { github: scope.github }, `${action.file} inputs.${name}.default`);
    }
    const unexpected = Object.keys(withValues).filter((k) => !declared.some((d) => d.toLowerCase() === k.toLowerCase()));
    if (unexpected.length) line(`##[warning]Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${declared.join("', '")}']`);
    for (const k of unexpected) inputs[inputEnvName(k)] = withValues[k];

    const env: Record<string, string> = {
      ...pick(['PATH', 'HOME']),
      ...o.env,
      ...addedEnv,
      ...stepEnv,
      ...c.runEnv,
      ...o.results.envFor({ runBackendId: c.runBackendId, jobBackendId }),
      GITHUB_JOB: job.id,
      GITHUB_ACTION: stepKey,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: temp,
      RUNNER_TOOL_CACHE: toolCache,
      ...inputs,
      ...o.legEnv?.(job.id, c.matrix),
    };
    if (addedPath.length) env.PATH = [...addedPath, env.PATH ?? ''].join(path.delimiter);
    const result = await runStepProcess({
      // The Node the action declares (runs.using), as a runner picks it.
      command: o.node ?? nodeForAction(action.using),
      args: [action.main],
      cwd: workspace,
      env,
      filesDir: path.join(legDir, `step-${step.index}`),
      signal: abort.signal,
      onLine: line,
      onGroup: (g) => groups.add(g),
    });
    exitCode = result.exitCode;
    summaries.push(masker.mask(result.summary));
    Object.assign(addedEnv, result.env);
    addedPath.unshift(...[...result.path].reverse());
    const failed = result.exitCode !== 0 || result.error !== undefined;
    if (result.error) line(`##[error]${result.error}`);
    if (failed && !result.error) line(`##[error]Process completed with exit code ${result.exitCode ?? `null (signal ${result.signal})`}.`);
    record(failed ? 'failure' : 'success', result.outputs);
    if (failed) ok = false;
  };

  try {
    for (const step of job.steps) {
      if (!ok || abort.signal.aborted) {
        ok = false;
        line(`Skipped step ${step.name ?? step.uses}`);
        continue;
      }
      await runStep(step);
    }
    if (abort.signal.aborted) ok = false;
    const outputs: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.outputs)) outputs[k] = evaluateString(v, scope, `jobs.${job.id}.outputs.${k}`);
    const cancelled = abort.signal.aborted && !timedOut;
    return { jobId: job.id, name: c.label, matrix: c.matrix, ok, cancelled, outputs, stepOutputs, summary: summaries.join(''), log: log.join('\n'), masked: masker.added, exitCode, runAttempt: c.attempt, jobBackendId, startedAt, endedAt: Date.now() };
  } finally {
    clearTimeout(timer);
    c.signal.removeEventListener('abort', onCancel);
    killGroups(groups);
  }
}

function uniqueActionId(seen: Map<string, number>, base: string): string {
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}_${n}`;
}
