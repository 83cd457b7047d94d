import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startResultsService, type ResultsService } from '../services/results-service.js';
import { runWorkflow, type RunWorkflowOptions } from '../helpers/workflow-runner.js';

// An action that echoes its inputs and INPUT_-free env as outputs.
const ECHO = `import fs from 'node:fs';
const out = (k, v) => fs.appendFileSync(process.env.GITHUB_OUTPUT, k + '=' + v + '\\n');
out('value', process.env.INPUT_VALUE);
out('token', process.env.INPUT_TOKEN);
out('job', process.env.GITHUB_JOB);
console.log('value is ' + process.env.INPUT_VALUE + ', token is ' + process.env.INPUT_TOKEN);
`;

// A reusable workflow: typed inputs, an optional secret, outputs from its jobs; its steps use
// the `$/` self-repository form.
const REUSABLE = `on:
  workflow_call:
    inputs:
      name: { type: string, required: true }
      count: { type: number, default: 3 }
      loud: { type: boolean, default: false }
      label: { type: string }
    secrets:
      api-key: { required: false }
    outputs:
      said: { value: '\${{ jobs.second.outputs.said }}' }
      first-job: { value: '\${{ jobs.first.outputs.job }}' }
jobs:
  first:
    runs-on: ubuntu-latest
    outputs: { job: '\${{ steps.e.outputs.job }}' }
    steps:
      - { id: e, uses: $/actions/echo, with: { value: 'x' } }
  second:
    needs: first
    runs-on: ubuntu-latest
    strategy: { matrix: { n: [0, 1] } }
    outputs: { said: '\${{ steps.e.outputs.value }}' }
    steps:
      - id: e
        uses: $/actions/echo
        with:
          value: '\${{ inputs.name }}|\${{ inputs.count }}|\${{ inputs.loud }}|\${{ inputs.label }}|\${{ matrix.n }}'
          token: '\${{ secrets.api-key || secrets.GITHUB_TOKEN }}'
`;

const caller = (job: string, extra = '') => `on: push
jobs:
  first:
    runs-on: ubuntu-latest
    outputs: { job: '\${{ steps.e.outputs.job }}' }
    steps:
      - { id: e, uses: ./actions/echo, with: { value: '5' } }
  call:
    needs: first
${job}
  after:
    needs: call
    runs-on: ubuntu-latest
    steps:
      - { id: e, uses: ./actions/echo, with: { value: 'got \${{ needs.call.outputs.said }}' } }
${extra}`;

let tmp: string;
let repo: string;
let results: ResultsService;
let n = 0;

async function write(file: string, text: string): Promise<string> {
  const full = path.join(repo, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}
const opts = async (workflow: string, extra: Partial<RunWorkflowOptions> = {}): Promise<RunWorkflowOptions> => ({
  repoRoot: repo,
  workspace: path.join(tmp, 'ws'),
  event: { name: 'push', payload: { ref: 'refs/heads/main' } },
  runId: 91,
  repository: 'octo/film',
  sha: 'c'.repeat(40),
  results,
  githubApiUrl: 'http://127.0.0.1:9',
  token: 'ghs_call_token',
  workflowFile: await write(`.github/workflows/caller-${++n}.yml`, workflow),
  tempDir: path.join(tmp, `run-${n}`),
  ...extra,
});

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wf-call-'));
  repo = path.join(tmp, 'repo');
  await write('dist/echo.mjs', ECHO);
  await write('actions/echo/action.yml', 'name: echo\ninputs: { value: {}, token: {} }\nruns: { using: node24, main: ../../dist/echo.mjs }\n');
  await write('.github/workflows/reusable.yml', REUSABLE);
  await write('.github/workflows/plain.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{ uses: ./actions/echo }]\n');
  await write('.github/workflows/nested.yml', 'on: workflow_call\njobs:\n  a:\n    uses: ./.github/workflows/reusable.yml\n    with: { name: n }\n');
  await write('.github/workflows/dot-slash.yml', 'on: workflow_call\njobs:\n  a:\n    runs-on: x\n    steps: [{ uses: ./actions/echo }]\n');
  await mkdir(path.join(tmp, 'ws'));
  results = await startResultsService();
});
afterAll(async () => {
  await results?.close();
  await rm(tmp, { recursive: true, force: true });
});

test('a caller job runs the reusable workflow with typed inputs, a passed secret, and gets its outputs', async () => {
  const job = `    uses: helios/render-action/.github/workflows/reusable.yml@v1
    with: { name: 'n-\${{ needs.first.outputs.job }}', count: "\${{ needs.first.outputs.job == 'first' && 7 || 0 }}", loud: true }
    secrets: { api-key: sk_passed }`;
  const r = await runWorkflow(await opts(caller(job)));
  expect(r.ok).toBe(true);
  const call = r.jobs.call;
  expect(call.jobs!.second.legs.map((l) => l.name)).toEqual(['call / second (0)', 'call / second (1)']);
  expect(call.legs.map((l) => l.stepOutputs.e.value)).toEqual(['x', 'n-first|7|true||0', 'n-first|7|true||1']);
  // The called workflow's own job ids, but backend ids apart from the caller's job of the same name.
  expect(call.jobs!.first.legs[0].stepOutputs.e.job).toBe('first');
  expect(new Set([r.jobs.first.legs[0].jobBackendId, call.jobs!.first.legs[0].jobBackendId]).size).toBe(2);
  expect(call.outputs).toEqual({ said: expect.stringMatching(/^n-first\|7\|true\|\|[01]$/), 'first-job': 'first' });
  expect(r.jobs.after.legs[0].stepOutputs.e.value).toBe(`got ${call.outputs.said}`);
  // The passed secret reaches the step and is masked in the log.
  expect(call.jobs!.second.legs[0].stepOutputs.e.token).toBe('sk_passed');
  expect(call.jobs!.second.legs[0].log).toContain('token is ***');
});

test('secrets: inherit passes the repository secrets; an absent optional secret is empty; defaults apply', async () => {
  const job = `    uses: ./.github/workflows/reusable.yml
    with: { name: plain }
    secrets: inherit`;
  const withSecret = await runWorkflow(await opts(caller(job), { secrets: { 'api-key': 'sk_repo' } }));
  expect(withSecret.jobs.call.jobs!.second.legs[0].stepOutputs.e).toMatchObject({ value: 'plain|3|false||0', token: 'sk_repo' });
  const without = await runWorkflow(await opts(caller(job)));
  expect(without.jobs.call.jobs!.second.legs[0].stepOutputs.e.token).toBe('ghs_call_token');
});

test('a value that does not fit the input type fails the run when the expression is evaluated', async () => {
  const job = `    uses: ./.github/workflows/reusable.yml
    with: { name: x, count: '\${{ needs.first.outputs.job }}' }`;
  await expect(runWorkflow(await opts(caller(job)))).rejects.toThrow(/typed as number; "first" is not a number/);
});

const call = (body: string) => caller(`    uses: ./.github/workflows/reusable.yml\n${body}`);
test.each([
  ['an unknown input', call('    with: { name: x, nope: 1 }'), /jobs\.call\.with\.nope: .* has no input nope/],
  ['a missing required input', call('    with: { count: 1 }'), /input name is required/],
  ['a number input given text', call("    with: { name: x, count: 'many' }"), /typed as number; "many" is not a number/],
  ['a boolean input given text', call("    with: { name: x, loud: 'yes' }"), /typed as boolean; "yes" is not a boolean/],
  ['an undeclared secret', call('    with: { name: x }\n    secrets: { other: s }'), /declares no secret other/],
  ['strategy on a calling job', call('    with: { name: x }\n    strategy: { matrix: { a: [1] } }'), /unsupported workflow key: jobs\.call\.strategy/],
  ['a workflow of another repository', caller('    uses: octo/other/.github/workflows/reusable.yml@v1'), /unsupported workflow key: jobs\.call\.uses: octo\/other/],
  ['a workflow without workflow_call', caller('    uses: ./.github/workflows/plain.yml'), /is not a reusable workflow/],
  ['a nested call', caller('    uses: ./.github/workflows/nested.yml'), /unsupported workflow key: jobs\.a\.uses .*calls another/],
  ['./ actions in a workflow called from another repository', caller('    uses: helios/render-action/.github/workflows/dot-slash.yml@v1'), /resolves against the caller's checkout on GitHub; use \$\/actions\/echo/],
])('refuses %s', async (_what, wf, error) => {
  await expect(runWorkflow(await opts(wf))).rejects.toThrow(error);
});

test('refuses a reusable workflow that declares GITHUB_TOKEN as a secret', async () => {
  await write('.github/workflows/reserved.yml', 'on:\n  workflow_call:\n    secrets: { GITHUB_TOKEN: {} }\njobs:\n  a:\n    runs-on: x\n    steps: [{ uses: $/actions/echo }]\n');
  await expect(runWorkflow(await opts(caller('    uses: ./.github/workflows/reserved.yml')))).rejects.toThrow(/GITHUB_TOKEN is reserved/);
});
