import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { NODE24, nodeVersion } from '../helpers/node-binaries.js';
import { ROOT } from '../helpers/run-cli.js';
import { runWorkflow, type RunWorkflowOptions, type WorkflowResult } from '../helpers/workflow-runner.js';
import { startGitHubApi, type GitHubApi } from '../services/github-api.js';
import { startResultsService, type ResultsService } from '../services/results-service.js';

// The root action (action.yml: the whole pipeline in one job, the committed dist/pipeline
// bundle) as a user's one-step workflow runs it on a pull request: the sticky comment names
// the video and the composition as a reviewer reads them, not by the runner's paths.
const OWNER = 'helios';
const REPO = 'demo';
const PR = 9;
const FRAMES = 30;
const WORKFLOW = `on: pull_request
jobs:
  render:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - id: helios
        uses: ./
        with:
          composition: examples/frame-counter
          output: film.mp4
          frames: ${FRAMES}
`;

let tmp: string;
let results: ResultsService;
let api: GitHubApi;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'helios-root-action-'));
  results = await startResultsService();
  api = await startGitHubApi();
});
afterAll(async () => {
  await results?.close();
  await api?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A checkout in its own folder: another run, another runner path. */
function makeWorkspace(name: string): string {
  const ws = path.join(tmp, name);
  mkdirSync(ws, { recursive: true });
  for (const entry of ['examples', 'dist', 'action.yml']) {
    if (!existsSync(path.join(ws, entry))) symlinkSync(path.join(ROOT, entry), path.join(ws, entry));
  }
  return ws;
}

function options(name: string, runId: number): RunWorkflowOptions {
  const workflowFile = path.join(tmp, 'root-action.yml');
  writeFileSync(workflowFile, WORKFLOW);
  return {
    workflowFile,
    repoRoot: ROOT,
    workspace: makeWorkspace(name),
    event: { name: 'pull_request', payload: { pull_request: { number: PR, head: { sha: 'b'.repeat(40) } }, number: PR } },
    runId,
    repository: `${OWNER}/${REPO}`,
    sha: `${runId}`.padEnd(40, 'b'),
    results,
    githubApiUrl: api.url,
    token: api.token,
    tempDir: path.join(tmp, `${name}-runner`),
  };
}

function expectOk(result: WorkflowResult): void {
  if (!result.ok) throw new Error(`workflow failed:\n${result.jobs.render.legs.map((l) => l.log.slice(-3000)).join('\n')}`);
}

test('pull request through the root action: the comment names film.mp4 and the composition, and a run from another workspace updates it', async () => {
  const first = await runWorkflow(options('ws-1', 401));
  expectOk(first);
  const leg = first.jobs.render.legs[0];
  expect(leg.log).toContain(`(pipeline) on Node ${nodeVersion(NODE24)}, linux x64`);
  const video = leg.stepOutputs.helios.video;
  expect(video).toBe(path.join(tmp, 'ws-1', 'film.mp4'));
  expect(await decodeFrameNumbers(video, 640, 360)).toEqual(range(0, FRAMES));

  const comments = api.state.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  const body = comments[0].body;
  expect(body.split('\n')[0]).toBe('<!-- helios-render-action:film.mp4 -->');
  expect(body).toContain('### 🎬 Helios preview: `film.mp4`\n');
  expect(body).toContain(`From \`examples/frame-counter\`: ${FRAMES} frames, 640×360 at 30 fps`);
  expect(body).not.toContain(tmp);

  // Another runner, another absolute path: the same marker, so the same comment is updated.
  expectOk(await runWorkflow(options('ws-2', 402)));
  const after = api.state.commentsOn(OWNER, REPO, PR);
  expect(after).toHaveLength(1);
  expect(after[0].id).toBe(comments[0].id);
  expect(after[0].body).toContain(`for ${'402'.padEnd(40, 'b').slice(0, 7)}.`);
  expect(after[0].body).not.toContain(tmp);
});
