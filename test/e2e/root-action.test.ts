import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { runWorkflow, type RunWorkflowOptions } from '../helpers/workflow-runner.js';
import { expectNode24, expectOk, makeWorkspace, OWNER, REPO, runOptions, startE2e, type E2e } from '../helpers/workflow-e2e.js';

// The root action (action.yml: the whole pipeline in one job, the committed dist/pipeline
// bundle) as a user's one-step workflow runs it on a pull request: the sticky comment names
// the video and the composition as a reviewer reads them, not by the runner's paths.
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

let e: E2e;
beforeAll(async () => {
  e = await startE2e();
});
afterAll(async () => {
  await e?.close();
});

/** A run from a checkout in its own folder: another run, another runner path. */
function options(name: string, runId: number): RunWorkflowOptions {
  const workflowFile = path.join(e.tmp, 'root-action.yml');
  writeFileSync(workflowFile, WORKFLOW);
  const event = { name: 'pull_request', payload: { pull_request: { number: PR, head: { sha: 'b'.repeat(40) } }, number: PR } };
  return { ...runOptions(e, { name, runId, event, workflowFile, workspace: makeWorkspace(e, name, ['examples', 'dist', 'action.yml']) }), sha: `${runId}`.padEnd(40, 'b') };
}

test('pull request through the root action: the comment names film.mp4 and the composition, and a run from another workspace updates it', async () => {
  const first = await runWorkflow(options('ws-1', 401));
  expectOk(first);
  const leg = first.jobs.render.legs[0];
  expectNode24(first, ['render'], 'pipeline');
  const video = leg.stepOutputs.helios.video;
  expect(video).toBe(path.join(e.tmp, 'ws-1', 'film.mp4'));
  expect(await decodeFrameNumbers(video, 640, 360)).toEqual(range(0, FRAMES));

  const comments = e.api.state.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  const body = comments[0].body;
  expect(body.split('\n')[0]).toBe('<!-- helios-render-action:film.mp4 -->');
  expect(body).toContain('### 🎬 Helios preview: `film.mp4`\n');
  expect(body).toContain(`From \`examples/frame-counter\`: ${FRAMES} frames, 640×360 at 30 fps`);
  expect(body).not.toContain(e.tmp);

  // Another runner, another absolute path: the same marker, so the same comment is updated.
  expectOk(await runWorkflow(options('ws-2', 402)));
  const after = e.api.state.commentsOn(OWNER, REPO, PR);
  expect(after).toHaveLength(1);
  expect(after[0].id).toBe(comments[0].id);
  expect(after[0].body).toContain(`for ${'402'.padEnd(40, 'b').slice(0, 7)}.`);
  expect(after[0].body).not.toContain(e.tmp);
});
