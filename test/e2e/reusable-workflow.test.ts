import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.js';
import { runWorkflow } from '../helpers/workflow-runner.js';
import { expectExactVideo, expectOk, expectTokenHidden, makeWorkspace, OWNER, readmeYaml, REPO, runOptions, startE2e, type E2e } from '../helpers/workflow-e2e.js';

// The README's caller workflow, run as a user's repository would: one job that calls
// helios/render-action/.github/workflows/render-matrix.yml@v1, which the emulator maps to this
// repository's file and whose `$/actions/...` steps run the committed dist/ bundles. The
// caller's checkout holds only the composition: the actions cannot come from it.
const USES = 'helios/render-action/.github/workflows/render-matrix.yml@v1';
const CALLER = readmeYaml(USES);
const VIDEO = 'video.mp4';
const PR = 8;

let e: E2e;
let callerFile: string;

beforeAll(async () => {
  e = await startE2e();
  callerFile = path.join(e.tmp, 'caller', '.github', 'workflows', 'render.yml');
  mkdirSync(path.dirname(callerFile), { recursive: true });
  writeFileSync(callerFile, CALLER);
});
afterAll(async () => {
  await e?.close();
});

const run = (name: string, runId: number, event: { name: string; payload: Record<string, unknown> }) =>
  runWorkflow(runOptions(e, { name, runId, event, workflowFile: callerFile, workspace: makeWorkspace(e, name, ['examples']) }));

test('the README caller is at most 10 lines: one job that calls the reusable workflow with secrets: inherit', () => {
  expect(CALLER.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
  const wf = parse(CALLER);
  expect(Object.keys(wf.jobs)).toEqual(['render']);
  expect(wf.jobs.render).toMatchObject({ uses: USES, with: { composition: 'examples/frame-counter' }, secrets: 'inherit' });
  // Every input of the plan action is an input of the reusable workflow.
  const reusable = parse(readFileSync(path.join(ROOT, '.github/workflows/render-matrix.yml'), 'utf8'));
  const plan = parse(readFileSync(path.join(ROOT, 'actions/plan/action.yml'), 'utf8'));
  expect(Object.keys(reusable.on.workflow_call.inputs)).toEqual(expect.arrayContaining(Object.keys(plan.inputs)));
});

test('pull request: two runs through the reusable workflow give a frame-exact video and one sticky comment', async () => {
  const pullRequest = { name: 'pull_request', payload: { pull_request: { number: PR, head: { sha: 'b'.repeat(40) } }, number: PR } };
  const first = await run('pr-1', 401, pullRequest);
  expectOk(first);
  const call = first.jobs.render;
  const stitch = call.jobs!.stitch.legs[0];
  // Legs are named as GitHub shows a called workflow's jobs.
  expect(stitch.name).toBe('render / stitch');
  expect(call.legs.filter((l) => l.jobId === 'render').map((l) => l.name)).toContain('render / render (0)');
  await expectExactVideo(stitch.stepOutputs.stitch.video);
  // The reusable workflow's outputs are the caller job's outputs.
  expect(call.outputs.artifact).toBe(stitch.stepOutputs.stitch.artifact);
  expect(call.outputs.artifact).toMatch(/-video$/);
  expect(call.outputs['comment-url']).toMatch(new RegExp(`/issues/${PR}#issuecomment-\\d+$`));
  expect(call.outputs['release-asset-url']).toBe('');

  const second = await run('pr-2', 402, pullRequest);
  expectOk(second);
  const comments = e.api.state.commentsOn(OWNER, REPO, PR);
  expect(comments).toHaveLength(1);
  expect(comments[0].body).toContain(`<!-- helios-render-action:${VIDEO} -->`);
  expect(comments[0].body).toContain('402'.padEnd(40, 'a').slice(0, 7));
  expect(second.jobs.render.outputs['comment-url']).toBe(call.outputs['comment-url']);
  // The preview images are assets of a prerelease, so they open without a GitHub login.
  const previews = e.api.state.releaseByTag(OWNER, REPO, 'helios-previews')!;
  expect(previews.prerelease).toBe(true);
  expect(previews.assets.map((a) => a.name).sort()).toEqual([`pr-${PR}-poster.png`, `pr-${PR}-preview.gif`]);
  expectTokenHidden(second, e.api.token);
}, 600_000);

test('release: two runs through the reusable workflow leave one release asset, the frame-exact video', async () => {
  const release = { name: 'release', payload: { action: 'published', release: { tag_name: 'v2.0.0', name: 'v2.0.0' } } };
  const created = await fetch(`${e.api.url}/repos/${OWNER}/${REPO}/releases`, {
    method: 'POST',
    headers: { authorization: `token ${e.api.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ tag_name: 'v2.0.0' }),
  });
  expect(created.status).toBe(201);
  const urls: string[] = [];
  for (const [name, runId] of [['rel-1', 501], ['rel-2', 502]] as const) {
    const result = await run(name, runId, release);
    expectOk(result);
    urls.push(result.jobs.render.outputs['release-asset-url']);
  }
  const assets = e.api.state.releaseByTag(OWNER, REPO, 'v2.0.0')!.assets;
  expect(assets.map((a) => a.name)).toEqual([VIDEO]);
  expect(urls[1]).toMatch(new RegExp(`/releases/download/v2\\.0\\.0/${VIDEO}$`));
  const file = path.join(e.tmp, 'release-asset.mp4');
  writeFileSync(file, assets[0].bytes);
  await expectExactVideo(file);
}, 600_000);
