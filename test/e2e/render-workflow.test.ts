import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from '../helpers/frames.js';
import { NODE24, nodeVersion } from '../helpers/node-binaries.js';
import { ROOT } from '../helpers/run-cli.js';
import { runWorkflow, type RunWorkflowOptions, type WorkflowResult } from '../helpers/workflow-runner.js';
import { startGitHubApi, type GitHubApi } from '../services/github-api.js';
import { startResultsService, type ResultsService } from '../services/results-service.js';

// The repository's own .github/workflows/render.yml, run as a runner would: the committed
// dist/ bundles as separate node processes, the real @actions/artifact and @octokit/rest
// clients talking to local Results and REST services.
const WORKFLOW = path.join(ROOT, '.github/workflows/render.yml');
const OWNER = 'helios';
const REPO = 'demo';
const VIDEO = 'helios-frame-counter.mp4';
const FRAMES = 120;
const SIZE = { width: 640, height: 360 };

let tmp: string;
let results: ResultsService;
let api: GitHubApi;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'helios-e2e-'));
  results = await startResultsService();
  api = await startGitHubApi();
});
afterAll(async () => {
  await results?.close();
  await api?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A checkout: the parts of the repository a workflow run reads (examples, actions, bundles). */
function makeWorkspace(name: string): string {
  const ws = path.join(tmp, name);
  mkdirSync(ws, { recursive: true });
  for (const entry of ['examples', 'actions', 'dist', 'action.yml']) {
    if (!existsSync(path.join(ws, entry))) symlinkSync(path.join(ROOT, entry), path.join(ws, entry));
  }
  return ws;
}

function options(name: string, runId: number, event: RunWorkflowOptions['event'], extra: Partial<RunWorkflowOptions> = {}): RunWorkflowOptions {
  return {
    workflowFile: WORKFLOW,
    repoRoot: ROOT,
    workspace: makeWorkspace(name),
    event,
    runId,
    repository: `${OWNER}/${REPO}`,
    sha: `${runId}`.padEnd(40, 'a'),
    results,
    githubApiUrl: api.url,
    token: api.token,
    tempDir: path.join(tmp, `${name}-runner`),
    ...extra,
  };
}

function failures(result: WorkflowResult): string {
  return Object.entries(result.jobs)
    .flatMap(([id, job]) => job.legs.filter((l) => !l.ok).map((l) => `--- ${id} ${JSON.stringify(l.matrix)}\n${l.log.slice(-3000)}`))
    .join('\n');
}

function expectOk(result: WorkflowResult): void {
  if (!result.ok) throw new Error(`workflow failed:\n${failures(result)}`);
}

/** The token appears in no step's output, summary or log (the runner masks what the actions register). */
function expectTokenHidden(result: WorkflowResult, token: string): void {
  for (const leg of Object.values(result.jobs).flatMap((j) => j.legs)) {
    expect({ leg: leg.name, where: 'log', leaked: leg.log.includes(token) }).toEqual({ leg: leg.name, where: 'log', leaked: false });
    expect({ leg: leg.name, where: 'summary', leaked: leg.summary.includes(token) }).toEqual({ leg: leg.name, where: 'summary', leaked: false });
    expect({ leg: leg.name, where: 'outputs', leaked: JSON.stringify(leg.stepOutputs).includes(token) }).toEqual({ leg: leg.name, where: 'outputs', leaked: false });
  }
}

/** Every leg of these jobs ran its action on the Node 24 the actions declare (their first log line says which). */
function expectNode24(result: WorkflowResult, jobs: string[]): void {
  const v24 = nodeVersion(NODE24);
  expect(v24).toMatch(/^v24\./);
  for (const job of jobs) {
    for (const leg of result.jobs[job].legs) expect(leg.log).toMatch(new RegExp(`Helios render-action \\S+ \\(${job}\\) on Node ${v24.replace(/\./g, '\\.')}, linux x64`));
  }
}

async function expectExactVideo(file: string): Promise<void> {
  expect(await decodeFrameNumbers(file, SIZE.width, SIZE.height)).toEqual(range(0, FRAMES));
  const { frames, pts } = await probeTimestamps(file);
  expect(frames).toBe(FRAMES);
  expect(distinctSteps(pts)).toHaveLength(1);
}

const pullRequest = { name: 'pull_request', payload: { pull_request: { number: 7, head: { sha: 'a'.repeat(40) } }, number: 7 } };

test('pull request: a leg that fails once is re-run, stitch gives the exact video and one preview comment', async () => {
  // Chunk 1 fails on its first attempt: its browser points nowhere.
  const first = await runWorkflow(
    options('pr-1', 101, pullRequest, {
      legEnv: (job, matrix) => (job === 'render' && matrix.chunk === 1 ? { HELIOS_BROWSER: '/nonexistent/chrome' } : undefined),
    }),
  );
  expect(first.ok).toBe(false);
  expect(first.jobs.plan.outputs.matrix).toBe(JSON.stringify({ chunk: [0, 1, 2, 3] }));
  const failed = first.jobs.render.legs.filter((l) => !l.ok).map((l) => l.matrix.chunk);
  expect(failed).toEqual([1]);
  expectNode24(first, ['plan', 'render']);
  expect(first.jobs.render.legs.find((l) => !l.ok)!.log).toContain('HELIOS_BROWSER points to "/nonexistent/chrome"');

  // Re-run the failed leg, and a leg that had succeeded (its artifact is replaced, not a 409), then stitch.
  const rerun = await runWorkflow(
    options('pr-1', 101, pullRequest, { runAttempt: 2, previous: first, only: { jobs: ['render', 'stitch'], legs: (job, m) => job !== 'render' || m.chunk === 1 || m.chunk === 0 } }),
  );
  expectOk(rerun);
  expectNode24(rerun, ['render', 'stitch']);
  const stitchLeg = rerun.jobs.stitch.legs[0];
  await expectExactVideo(stitchLeg.stepOutputs.stitch.video);
  expect(rerun.jobs.render.legs.find((l) => l.matrix.chunk === 0)!.log).toContain('exists from an earlier attempt: replacing it');

  // Summary: every chunk, wall time, speedup.
  for (const chunk of [0, 1, 2, 3]) expect(stitchLeg.summary).toMatch(new RegExp(`\\| ${chunk} \\| frames `));
  expect(stitchLeg.summary).toMatch(/\*\*speedup:\*\* [\d.]+×/);
  expect(api.state.commentsOn(OWNER, REPO, 7)).toHaveLength(1);
  const comment = api.state.commentsOn(OWNER, REPO, 7)[0];
  expect(comment.body).toContain(`<!-- helios-render-action:${VIDEO} -->`);
  expect(comment.body).toContain(`### 🎬 Helios preview: \`${VIDEO}\``);
  expect(comment.body).toContain('From `examples/frame-counter`:');
  expect(comment.body).not.toContain(tmp);

  // The stitch action registered its github-token with the runner (::add-mask::) and it leaked nowhere.
  expect(stitchLeg.masked).toContain(api.token);
  expect(stitchLeg.log).toContain('::add-mask::***');
  expectTokenHidden(rerun, api.token);
  expect(comment.body).toMatch(/preview\.gif/);
  // A second run on the same PR (one sticky comment) and releases: test/e2e/reusable-workflow.test.ts.
});

test('props: every leg renders with the plan\'s props, and the length they derive sizes the matrix', async () => {
  // A data-driven page: it paints frame + props.offset and is props.items.length * 8 frames long.
  const ws = makeWorkspace('props');
  mkdirSync(path.join(ws, 'props-page'), { recursive: true });
  writeFileSync(path.join(ws, 'props-page', 'index.html'), propsPage());
  const workflow = path.join(tmp, 'render-props.yml');
  writeFileSync(
    workflow,
    readFileSync(WORKFLOW, 'utf8')
      .replace('composition: examples/frame-counter', `composition: props-page\n          props: '{"offset": 5, "items": ["a", "b", "c"]}'`)
      .replace('output: helios-frame-counter.mp4', 'output: props.mp4')
      .replace('chunks: 4', 'chunks: 3\n          min-frames-per-chunk: 8'),
  );
  const result = await runWorkflow({ ...options('props', 301, { name: 'workflow_dispatch', payload: {} }), workflowFile: workflow, workspace: ws });
  expectOk(result);
  expect(result.jobs.plan.outputs.matrix).toBe(JSON.stringify({ chunk: [0, 1, 2] }));
  const video = result.jobs.stitch.legs[0].stepOutputs.stitch.video;
  expect(await decodeFrameNumbers(video)).toEqual(range(5, 24));
});

/** 256x64 canvas, frame number + props.offset painted as 8 cells of 32 px; the length comes from the props. */
function propsPage(): string {
  return `<!doctype html><html><head><style>html, body { margin: 0; background: #000; } canvas { display: block; }</style></head>
<body><canvas width="256" height="64"></canvas><script>
const ctx = document.querySelector('canvas').getContext('2d');
window.helios = {
  fps: 30, width: 256, height: 64,
  metadata: (props) => ({ frames: props.items.length * 8 }),
  seek(frame) {
    const n = frame + window.helios.props.offset;
    ctx.fillStyle = '#000'; ctx.fillRect(0, 0, 256, 64);
    for (let k = 0; k < 8; k++) { ctx.fillStyle = (n >> k) & 1 ? '#fff' : '#000'; ctx.fillRect(k * 32, 0, 32, 32); }
  },
};
</script></body></html>`;
}
