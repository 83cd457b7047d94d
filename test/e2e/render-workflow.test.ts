import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { ROOT } from '../helpers/run-cli.js';
import { runWorkflow, type RunWorkflowOptions } from '../helpers/workflow-runner.js';
import { expectExactVideo, expectNode24, expectOk, expectTokenHidden, makeWorkspace, OWNER, REPO, runOptions, startE2e, type E2e } from '../helpers/workflow-e2e.js';

// The repository's own .github/workflows/render.yml, run as a runner would: the committed
// dist/ bundles as separate node processes (on the Node 24 their runs.using declares), the
// real @actions/artifact and @octokit/rest clients talking to local Results and REST services.
const WORKFLOW = path.join(ROOT, '.github/workflows/render.yml');
const VIDEO = 'helios-frame-counter.mp4';
/** A checkout: the parts of the repository a workflow run reads (examples, actions, bundles). */
const CHECKOUT = ['examples', 'actions', 'dist', 'action.yml'];

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

function options(name: string, runId: number, event: RunWorkflowOptions['event'], extra: Partial<RunWorkflowOptions> = {}): RunWorkflowOptions {
  return runOptions(e, { name, runId, event, workflowFile: WORKFLOW, workspace: makeWorkspace(e, name, CHECKOUT) }, extra);
}

const pullRequest = { name: 'pull_request', payload: { pull_request: { number: 7, head: { sha: 'a'.repeat(40) } }, number: 7 } };

test('pull request: a leg that fails once is re-run, stitch gives the exact video and one preview comment', async () => {
  // On the first attempt chunk 1's browser points nowhere, and chunk 2's is another build
  // (regular chromium, not the headless shell the plan recorded).
  const legEnv: Record<number, Record<string, string>> = { 1: { HELIOS_BROWSER: '/nonexistent/chrome' }, 2: { HELIOS_BROWSER: '/usr/bin/chromium' } };
  const first = await runWorkflow(options('pr-1', 101, pullRequest, { legEnv: (job, matrix) => (job === 'render' ? legEnv[matrix.chunk as number] : undefined) }));
  expect(first.ok).toBe(false);
  expect(first.jobs.plan.outputs.matrix).toBe(JSON.stringify({ chunk: [0, 1, 2, 3] }));
  const failed = first.jobs.render.legs.filter((l) => !l.ok).map((l) => l.matrix.chunk);
  expect(failed.sort()).toEqual([1, 2]);
  expectNode24(first, ['plan', 'render']);
  const legLog = (chunk: number) => first.jobs.render.legs.find((l) => l.matrix.chunk === chunk)!.log;
  expect(legLog(1)).toContain('HELIOS_BROWSER points to "/nonexistent/chrome"');
  // One browser build per job: the plan recorded its build, and the leg on another one stops before its first frame.
  const build = /browser (HeadlessChrome\/[\d.]+) \(.*\): every leg must draw with this build/.exec(first.jobs.plan.legs[0].log)?.[1];
  expect(build).toBeDefined();
  expect(legLog(2)).toMatch(new RegExp(`this worker's browser is Chrome/[\\d.]+, but the job was planned with ${build!.replace(/\./g, '\\.')}`));
  expect(legLog(0)).toContain('uploaded ');
  expect(legLog(2)).not.toContain('uploaded '); // no segment artifact from the leg on another build

  // Re-run the failed legs, and a leg that had succeeded (its artifact is replaced, not a 409), then stitch.
  const rerun = await runWorkflow(
    options('pr-1', 101, pullRequest, { runAttempt: 2, previous: first, only: { jobs: ['render', 'stitch'], legs: (job, m) => job !== 'render' || [0, 1, 2].includes(m.chunk as number) } }),
  );
  expectOk(rerun);
  expectNode24(rerun, ['render', 'stitch']);
  const stitchLeg = rerun.jobs.stitch.legs[0];
  await expectExactVideo(stitchLeg.stepOutputs.stitch.video);
  expect(rerun.jobs.render.legs.find((l) => l.matrix.chunk === 0)!.log).toContain('exists from an earlier attempt: replacing it');

  // Summary: every chunk, wall time, speedup.
  for (const chunk of [0, 1, 2, 3]) expect(stitchLeg.summary).toMatch(new RegExp(`\\| ${chunk} \\| frames `));
  expect(stitchLeg.summary).toMatch(/\*\*speedup:\*\* [\d.]+×/);
  expect(e.api.state.commentsOn(OWNER, REPO, 7)).toHaveLength(1);
  const comment = e.api.state.commentsOn(OWNER, REPO, 7)[0];
  expect(comment.body).toContain(`<!-- helios-render-action:${VIDEO} -->`);
  expect(comment.body).toContain(`### 🎬 Helios preview: \`${VIDEO}\``);
  expect(comment.body).toContain('From `examples/frame-counter`:');
  expect(comment.body).not.toContain(e.tmp);

  // The stitch action registered its github-token with the runner (::add-mask::) and it leaked nowhere.
  expect(stitchLeg.masked).toContain(e.api.token);
  expect(stitchLeg.log).toContain('::add-mask::***');
  expectTokenHidden(rerun, e.api.token);
  expect(comment.body).toMatch(/preview\.gif/);
  // A second run on the same PR (one sticky comment) and releases: test/e2e/reusable-workflow.test.ts.
});

test('browser: runner pins no build, so legs on different builds render; the stitch step refuses them unless allow-mixed-builds', async () => {
  const ws = makeWorkspace(e, 'mixed', CHECKOUT);
  const workflow = (allow: boolean) => {
    const file = path.join(e.tmp, `render-mixed-${allow}.yml`);
    const text = readFileSync(WORKFLOW, 'utf8')
      .replace('chunks: 4', 'chunks: 2\n          frames: 24\n          min-frames-per-chunk: 8\n          browser: runner')
      .replace('          github-token: ${{ secrets.GITHUB_TOKEN }}', `          github-token: \${{ secrets.GITHUB_TOKEN }}\n          allow-mixed-builds: ${allow}`);
    writeFileSync(file, text);
    return file;
  };
  // Chunk 1's runner has another Chrome (regular chromium) than chunk 0's (the headless shell on PATH).
  const legEnv = (job: string, matrix: Record<string, unknown>) => (job === 'render' && matrix.chunk === 1 ? { HELIOS_BROWSER: '/usr/bin/chromium' } : undefined);
  const event = { name: 'workflow_dispatch', payload: {} };
  const first = await runWorkflow({ ...options('mixed', 302, event, { legEnv }), workflowFile: workflow(false), workspace: ws });
  expect(first.ok).toBe(false);
  expect(first.jobs.plan.legs[0].log).toContain("browser: each leg uses the runner's own (browser: runner)");
  expect(first.jobs.render.result).toBe('success');
  const refused = first.jobs.stitch.legs[0].log;
  expect(refused).toMatch(/browser: "HeadlessChrome\/[\d.]+" \(chunk 0\) vs "Chrome\/[\d.]+" \(chunk 1\)/);
  expect(refused).toContain('allow-mixed-builds: true');
  // The same segments, stitched again with the override: a warning and the exact video.
  const again = await runWorkflow({ ...options('mixed', 302, event, { previous: first, only: { jobs: ['stitch'] } }), workflowFile: workflow(true), workspace: ws });
  expectOk(again);
  const stitch = again.jobs.stitch.legs[0];
  expect(stitch.log).toContain('stitching them anyway (mixed builds allowed)');
  expect(await decodeFrameNumbers(stitch.stepOutputs.stitch.video, 640, 360)).toEqual(range(0, 24));
});

test('props: every leg renders with the plan\'s props, and the length they derive sizes the matrix', async () => {
  // A data-driven page: it paints frame + props.offset and is props.items.length * 8 frames long.
  const ws = makeWorkspace(e, 'props', CHECKOUT);
  mkdirSync(path.join(ws, 'props-page'), { recursive: true });
  writeFileSync(path.join(ws, 'props-page', 'index.html'), propsPage());
  const workflow = path.join(e.tmp, 'render-props.yml');
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
