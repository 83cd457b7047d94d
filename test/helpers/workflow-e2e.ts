/**
 * Shared pieces of the GitHub Actions end-to-end tests (test/e2e/*-workflow.test.ts): the
 * local Results and REST services, a caller's checkout, run options, and the checks every run
 * gets (success, hidden token, frame-exact video).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from './frames.js';
import { NODE24, nodeVersion } from './node-binaries.js';
import { ROOT } from './run-cli.js';
import type { RunWorkflowOptions, WorkflowResult } from './workflow-runner.js';
import { startGitHubApi, type GitHubApi } from '../services/github-api.js';
import { startResultsService, type ResultsService } from '../services/results-service.js';

export const OWNER = 'helios';
export const REPO = 'demo';
/** examples/frame-counter: 4 s at 30 fps, 640x360. */
export const FRAMES = 120;
export const SIZE = { width: 640, height: 360 };

export interface E2e {
  tmp: string;
  results: ResultsService;
  api: GitHubApi;
  close(): Promise<void>;
}

export async function startE2e(): Promise<E2e> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'helios-e2e-'));
  const results = await startResultsService();
  const api = await startGitHubApi();
  return {
    tmp,
    results,
    api,
    async close() {
      await results.close();
      await api.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A checkout with these entries of the repository (symlinked). */
export function makeWorkspace(e: E2e, name: string, entries: string[]): string {
  const ws = path.join(e.tmp, name);
  mkdirSync(ws, { recursive: true });
  for (const entry of entries) if (!existsSync(path.join(ws, entry))) symlinkSync(path.join(ROOT, entry), path.join(ws, entry));
  return ws;
}

export function runOptions(e: E2e, o: { name: string; runId: number; event: RunWorkflowOptions['event']; workflowFile: string; workspace: string }, extra: Partial<RunWorkflowOptions> = {}): RunWorkflowOptions {
  return {
    workflowFile: o.workflowFile,
    repoRoot: ROOT,
    workspace: o.workspace,
    event: o.event,
    runId: o.runId,
    repository: `${OWNER}/${REPO}`,
    sha: `${o.runId}`.padEnd(40, 'a'),
    results: e.results,
    githubApiUrl: e.api.url,
    token: e.api.token,
    tempDir: path.join(e.tmp, `${o.name}-runner`),
    ...extra,
  };
}

export function expectOk(result: WorkflowResult): void {
  if (result.ok) return;
  const legs = Object.values(result.jobs).flatMap((j) => j.legs.filter((l) => !l.ok));
  throw new Error(`workflow failed:\n${legs.map((l) => `--- ${l.name}\n${l.log.slice(-3000)}`).join('\n')}`);
}

/** The token appears in no step's output, summary or log (the runner masks what the actions register). */
export function expectTokenHidden(result: WorkflowResult, token: string): void {
  for (const leg of Object.values(result.jobs).flatMap((j) => j.legs)) {
    const leaks = { log: leg.log.includes(token), summary: leg.summary.includes(token), outputs: JSON.stringify(leg.stepOutputs).includes(token) };
    expect({ leg: leg.name, leaks }).toEqual({ leg: leg.name, leaks: { log: false, summary: false, outputs: false } });
  }
}

/**
 * Every leg of these jobs ran its action on the Node 24 the actions declare (their first log
 * line says which); `action` is the action's name when it is not the job's (the root action: pipeline).
 */
export function expectNode24(result: WorkflowResult, jobs: string[], action?: string): void {
  const v24 = nodeVersion(NODE24);
  expect(v24).toMatch(/^v24\./);
  for (const job of jobs) {
    const line = new RegExp(`Helios render-action \\S+ \\(${action ?? job}\\) on Node ${v24.replace(/\./g, '\\.')}, linux x64`);
    for (const leg of result.jobs[job].legs) expect(leg.log).toMatch(line);
  }
}

export async function expectExactVideo(file: string): Promise<void> {
  expect(await decodeFrameNumbers(file, SIZE.width, SIZE.height)).toEqual(range(0, FRAMES));
  const { frames, pts } = await probeTimestamps(file);
  expect(frames).toBe(FRAMES);
  expect(distinctSteps(pts)).toHaveLength(1);
}

/** The first ```yaml block of the README that contains `marker`. */
export function readmeYaml(marker: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes(marker));
  if (!block) throw new Error(`README.md has no yaml block with ${marker}`);
  return block;
}
