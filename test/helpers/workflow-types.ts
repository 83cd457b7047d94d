/** The emulator's options and results (see workflow-runner.ts). */
import type { ResultsService } from '../services/results-service.js';
import type { Value } from './workflow-expr.js';
import type { WorkflowDef } from './workflow-parse.js';

export interface RunWorkflowOptions {
  workflowFile: string;
  /** Where `uses: ./…` actions (and their runs.main) are read from. */
  repoRoot: string;
  /** GITHUB_WORKSPACE and cwd of every step; a function gives each leg its own (as separate runners have). */
  workspace: string | ((leg: { jobId: string; matrix: Record<string, unknown>; index: number }) => string | Promise<string>);
  event: { name: string; payload: Record<string, unknown> };
  runId: number;
  /** Default 1, or previous.runAttempt + 1 when `previous` is given. */
  runAttempt?: number;
  runNumber?: number;
  repository: string;
  sha: string;
  /** GITHUB_REF; default from the event (push ref, refs/pull/N/merge, refs/tags/<release tag>), else refs/heads/main. */
  ref?: string;
  results: ResultsService;
  /** The run's backend id in the results service; default String(runId) (the same for every attempt). */
  runBackendId?: string;
  githubApiUrl: string;
  /** secrets.GITHUB_TOKEN and github.token. */
  token: string;
  /** The repository's other secrets (`secrets.NAME`; what `secrets: inherit` passes on). */
  secrets?: Record<string, string>;
  /** owner/name of repoRoot, so `owner/name/.github/workflows/x.yml@ref` calls run its files (default helios/render-action). */
  selfRepository?: string;
  /** Extra env for every step (e.g. HELIOS_BROWSER); overridden by the workflow's step env. */
  env?: Record<string, string>;
  /** Per-leg env, applied last (over runner variables too), e.g. to make one leg fail. */
  legEnv?: (jobId: string, matrix: Record<string, unknown>) => Record<string, string> | undefined;
  /**
   * Only run these jobs (the others' results come from `previous`); `legs` picks the legs of
   * matrix jobs to run (the others come from `previous`, matched by matrix values).
   */
  only?: { jobs?: string[]; legs?: (jobId: string, matrix: Record<string, unknown>) => boolean };
  previous?: WorkflowResult;
  /** RUNNER_TEMP (per leg), the tool cache (shared) and the file-command files live under here. */
  tempDir: string;
  /** Every log line of every step; `job` is the leg's display name, e.g. `render (1)`. */
  onLine?: (job: string, line: string) => void;
  /** Node binary for every action (default: the one its runs.using declares, test/helpers/node-binaries.ts). */
  node?: string;
}

export interface LegResult {
  jobId: string;
  /** Display name: the job's name (or id) with the matrix values, e.g. `render (1)`. */
  name: string;
  matrix: Record<string, unknown>;
  ok: boolean;
  /** Stopped by fail-fast (another leg failed) or an error elsewhere in the run. */
  cancelled?: boolean;
  /** The job's `outputs:` evaluated over this leg's steps. */
  outputs: Record<string, string>;
  /** Outputs by step id (steps without one: `__self`, `__self_2`, … / `__actions_checkout`). */
  stepOutputs: Record<string, Record<string, string>>;
  summary: string;
  log: string;
  /** Values the steps registered with `::add-mask::` (masked as `***` in the log and summary from then on; secrets.* are masked from the start). */
  masked?: string[];
  /** Exit code of the last step run (0 when none ran; null when killed). */
  exitCode: number | null;
  runAttempt: number;
  jobBackendId: string;
  startedAt: number;
  endedAt: number;
}

export type JobConclusion = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface JobResult {
  ok: boolean;
  result: JobConclusion;
  outputs: Record<string, string>;
  /** Every leg; for a job that calls a reusable workflow, all of the called workflow's legs. */
  legs: LegResult[];
  /** For a job that calls a reusable workflow: the called workflow's jobs. */
  jobs?: Record<string, JobResult>;
}

export interface WorkflowResult {
  jobs: Record<string, JobResult>;
  ok: boolean;
  runAttempt?: number;
}

/** One workflow's jobs being run: the top-level workflow, or a reusable one a job calls. */
export interface GraphContext {
  o: RunWorkflowOptions;
  wf: WorkflowDef;
  attempt: number;
  runBackendId: string;
  runEnv: Record<string, string>;
  github: Record<string, Value>;
  /** The called workflow's typed inputs (undefined at the top level). */
  inputs?: Record<string, Value>;
  /** The secrets context: GITHUB_TOKEN and the repository's secrets, or what the caller passed. */
  secrets: Record<string, string>;
  /** Prefix of job keys (backend ids, temp dirs) and of display names: `caller.` and `caller / ` in a called workflow. */
  keyPrefix: string;
  labelPrefix: string;
  only?: RunWorkflowOptions['only'];
  previous?: WorkflowResult;
}
