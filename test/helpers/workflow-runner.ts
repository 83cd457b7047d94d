/**
 * Runs a repository workflow file the way GitHub's runners would, for end-to-end tests:
 * jobs in dependency order (independent ones at once), every matrix leg in parallel as its own
 * job (own jobBackendId and ACTIONS_RUNTIME_TOKEN from the local results service), each local
 * JavaScript action as a `node` process with a runner's environment. Only the subset a render
 * workflow uses is emulated; anything else throws (`unsupported workflow key: …`,
 * `unsupported expression: …`). See workflow-parse.ts, workflow-expr.ts, workflow-leg.ts.
 *
 *   const r = await runWorkflow({ workflowFile, repoRoot, workspace, event: { name: 'push', payload: {} },
 *     runId: 7, repository: 'o/r', sha, results, githubApiUrl: gh.url, token: gh.token, tempDir });
 *   // re-run the failed leg (and what follows) as attempt 2:
 *   await runWorkflow({ ...same, runAttempt: 2, previous: r,
 *     only: { jobs: ['render', 'stitch'], legs: (job, m) => m.chunk === 1 } });
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluate, strict, truthy, type Scope, type Value } from './workflow-expr.js';
import { listsEvent, loadWorkflow, WorkflowError, type JobDef } from './workflow-parse.js';
import { runLeg, jobBackendIdFor, type LegContext } from './workflow-leg.js';
import { runCallJob, type CallInterface } from './workflow-call.js';
import { canonical, expandMatrix, legLabel } from './workflow-matrix.js';
import type { GraphContext, JobConclusion, JobResult, LegResult, RunWorkflowOptions, WorkflowResult } from './workflow-types.js';

export { parseKeyValueFile } from './workflow-step.js';
export type { RunWorkflowOptions, WorkflowResult } from './workflow-types.js';

function refFor(o: RunWorkflowOptions): Record<string, string> {
  const p = o.event.payload as { ref?: unknown; pull_request?: { number?: number; head?: { ref?: string }; base?: { ref?: string } }; release?: { tag_name?: string } };
  const pr = o.event.name.startsWith('pull_request') ? p.pull_request : undefined;
  const ref = o.ref ?? (typeof p.ref === 'string' ? p.ref : pr?.number !== undefined ? `refs/pull/${pr.number}/merge` : p.release?.tag_name ? `refs/tags/${p.release.tag_name}` : 'refs/heads/main');
  const name = ref.replace(/^refs\/(heads|tags)\//, '').replace(/^refs\/pull\//, '');
  return { GITHUB_REF: ref, GITHUB_REF_NAME: name, GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch', GITHUB_HEAD_REF: pr?.head?.ref ?? '', GITHUB_BASE_REF: pr?.base?.ref ?? '' };
}

export async function runWorkflow(o: RunWorkflowOptions): Promise<WorkflowResult> {
  const wf = loadWorkflow(o.workflowFile, o.repoRoot, { selfRepository: o.selfRepository });
  if (!listsEvent(wf.on, o.event.name)) throw new WorkflowError(`${o.workflowFile} does not run on '${o.event.name}' (on: ${JSON.stringify(wf.on)})`);
  for (const id of o.only?.jobs ?? []) if (!wf.jobs.some((j) => j.id === id)) throw new WorkflowError(`only.jobs: no job ${id} in ${o.workflowFile}`);
  const attempt = o.runAttempt ?? (o.previous ? (o.previous.runAttempt ?? 1) + 1 : 1);
  const runBackendId = o.runBackendId ?? String(o.runId);
  const attemptDir = path.join(o.tempDir, `attempt-${attempt}`);
  await mkdir(attemptDir, { recursive: true });
  const eventPath = path.join(attemptDir, 'event.json');
  await writeFile(eventPath, JSON.stringify(o.event.payload, null, 2));
  const refs = refFor(o);
  const [owner] = o.repository.split('/');
  const serverUrl = 'https://github.com';
  const workflowPath = path.relative(o.repoRoot, o.workflowFile);
  const runEnv: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKFLOW: wf.name ?? workflowPath,
    GITHUB_WORKFLOW_REF: `${o.repository}/${workflowPath}@${refs.GITHUB_REF}`,
    GITHUB_WORKFLOW_SHA: o.sha,
    GITHUB_RUN_ID: String(o.runId),
    GITHUB_RUN_NUMBER: String(o.runNumber ?? 1),
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_ACTOR: 'helios-test',
    GITHUB_TRIGGERING_ACTOR: 'helios-test',
    GITHUB_REPOSITORY: o.repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_EVENT_NAME: o.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: o.sha,
    ...refs,
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_API_URL: o.githubApiUrl,
    GITHUB_GRAPHQL_URL: `${o.githubApiUrl.replace(/\/$/, '')}/graphql`,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'helios-emulated-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
  };
  const github: Record<string, Value> = {
    token: o.token,
    event_name: o.event.name,
    run_id: String(o.runId),
    run_attempt: String(attempt),
    run_number: String(o.runNumber ?? 1),
    repository: o.repository,
    repository_owner: owner,
    sha: o.sha,
    ref: refs.GITHUB_REF,
    event: o.event.payload as Value,
    api_url: o.githubApiUrl,
    server_url: serverUrl,
    workspace: typeof o.workspace === 'string' ? o.workspace : '',
    job: '',
  };

  const secrets = { ...o.secrets, GITHUB_TOKEN: o.token };
  const jobs = await runGraph({ o, wf, attempt, runBackendId, runEnv, github, secrets, keyPrefix: '', labelPrefix: '', only: o.only, previous: o.previous });
  return { jobs, ok: Object.values(jobs).every((j) => j.ok), runAttempt: attempt };
}

/** Runs one workflow's jobs in dependency order (independent ones at once); throws the first fatal error. */
async function runGraph(g: GraphContext): Promise<Record<string, JobResult>> {
  const { o, wf, attempt, runBackendId } = g;
  const fatal = new AbortController();
  let fatalError: unknown;
  const done = new Map<string, Promise<JobResult>>();
  const results: Record<string, JobResult> = {};

  const runJob = async (job: JobDef): Promise<JobResult> => {
    const needed = await Promise.all(job.needs.map(async (n) => [n, await (done.get(n) as Promise<JobResult>)] as const));
    if (fatal.signal.aborted) return { ok: false, result: 'cancelled', outputs: {}, legs: [] };
    if (g.only?.jobs && !g.only.jobs.includes(job.id)) {
      const prev = g.previous?.jobs[job.id];
      if (!prev) throw new WorkflowError(`job ${job.id} is not in only.jobs and previous has no result for it`);
      return prev;
    }
    if (needed.some(([, r]) => r.result !== 'success')) return { ok: needed.every(([, r]) => r.ok), result: 'skipped', outputs: {}, legs: [] };
    const needs: Record<string, Value> = strict({});
    for (const [n, r] of needed) {
      const def = wf.jobs.find((j) => j.id === n);
      const declared = (def?.call ? (def.call.workflow.call as CallInterface).outputs : def?.outputs) ?? {};
      needs[n] = strict({ outputs: strict(Object.fromEntries(Object.keys(declared).map((k) => [k, r.outputs[k] ?? '']))), result: r.result });
    }
    const scope: Scope = { github: strict({ ...g.github, job: job.id }), needs, ...(g.inputs ? { inputs: g.inputs } : {}) };
    if (job.if !== undefined && !truthy(evaluate(job.if, scope, `jobs.${job.id}.if`))) return { ok: true, result: 'skipped', outputs: {}, legs: [] };
    if (job.call) return runCallJob(g, job, { ...scope, secrets: strict({ ...g.secrets }) }, runGraph);

    const matrices = expandMatrix(job, scope);
    const prevLegs = g.previous?.jobs[job.id]?.legs ?? [];
    const pickLeg = job.matrix !== undefined ? g.only?.legs : undefined;
    const failFast = job.matrix !== undefined && truthy(evaluate(job.failFast, scope, `jobs.${job.id}.strategy.fail-fast`) as Value);
    const maxParallel = job.maxParallel === undefined ? Infinity : Number(evaluate(job.maxParallel, scope, `jobs.${job.id}.strategy.max-parallel`));
    const cancelJob = new AbortController();
    const onFatal = () => cancelJob.abort();
    fatal.signal.addEventListener('abort', onFatal, { once: true });
    let running = 0;
    const queue: (() => void)[] = [];
    const slot = async () => {
      if (running >= maxParallel) await new Promise<void>((r) => queue.push(r));
      running++;
    };
    const release = () => {
      running--;
      queue.shift()?.();
    };
    try {
      // Legs kept from `previous` are settled before anything starts.
      const plans = matrices.map((matrix, index) => {
        const label = g.labelPrefix + legLabel(job, matrix, { ...scope, matrix: strict({ ...matrix }) });
        if (!pickLeg || pickLeg(job.id, matrix)) return { matrix, index, label };
        const prev = prevLegs.find((l) => canonical(l.matrix) === canonical(matrix));
        if (!prev) throw new WorkflowError(`jobs.${job.id}: leg ${label} is not picked by only.legs and previous has no result for it`);
        return prev;
      });
      const settled = await Promise.allSettled(
        plans.map(async (plan): Promise<LegResult> => {
          if ('jobId' in plan) return plan;
          const { matrix, index, label } = plan;
          await slot();
          try {
            if (cancelJob.signal.aborted) {
              const now = Date.now();
              const jobBackendId = jobBackendIdFor(runBackendId, attempt, g.keyPrefix + job.id, index);
              return { jobId: job.id, name: label, matrix, ok: false, cancelled: true, outputs: {}, stepOutputs: {}, summary: '', log: 'The job was canceled before it started.', exitCode: null, runAttempt: attempt, jobBackendId, startedAt: now, endedAt: now };
            }
            const ctx: LegContext = { o, wf, job, matrix, index, label, attempt, runBackendId, runEnv: g.runEnv, github: g.github, needs, inputs: g.inputs, secrets: g.secrets, key: g.keyPrefix + job.id, signal: cancelJob.signal };
            const leg = await runLeg(ctx).catch((e: unknown) => {
              cancelJob.abort();
              throw e;
            });
            if (!leg.ok && failFast) cancelJob.abort();
            return leg;
          } finally {
            release();
          }
        }),
      );
      const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected) throw rejected.reason;
      const legs = settled.map((r) => (r as PromiseFulfilledResult<LegResult>).value);
      // Job outputs: every leg's non-empty values, the last leg to finish winning (as on GitHub).
      const outputs: Record<string, string> = {};
      for (const leg of [...legs].sort((a, b) => a.endedAt - b.endedAt)) {
        for (const [k, v] of Object.entries(leg.outputs)) if (v !== '' || !(k in outputs)) outputs[k] = v;
      }
      const ok = legs.every((l) => l.ok);
      const result: JobConclusion = ok ? 'success' : legs.some((l) => !l.ok && !l.cancelled) ? 'failure' : 'cancelled';
      return { ok, result, outputs, legs };
    } finally {
      fatal.signal.removeEventListener('abort', onFatal);
    }
  };

  for (const job of wf.jobs) {
    const p = runJob(job).catch((e: unknown) => {
      fatalError ??= e;
      fatal.abort();
      return { ok: false, result: 'cancelled', outputs: {}, legs: [] } as JobResult;
    });
    done.set(job.id, p);
  }
  for (const job of wf.jobs) results[job.id] = await (done.get(job.id) as Promise<JobResult>);
  if (fatalError !== undefined) throw fatalError;
  return results;
}
