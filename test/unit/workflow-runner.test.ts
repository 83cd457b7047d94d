import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startResultsService, type ResultsService } from '../services/results-service.js';
import { parseKeyValueFile, runWorkflow, type RunWorkflowOptions } from '../helpers/workflow-runner.js';
import { evaluate, evaluateString, strict } from '../helpers/workflow-expr.js';

const EMIT = `import fs from 'node:fs';
const out = (k, v) => fs.appendFileSync(process.env.GITHUB_OUTPUT, k + '=' + v + '\\n');
out('started', Date.now());
out('inputs', JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('INPUT_')))));
out('env', JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(GITHUB_|RUNNER_|ACTIONS_|CI$|NODE_OPTIONS$|HOME$|EXTRA$|FROM_STEP$|BASE_ENV$)/.test(k)))));
out('cwd', process.cwd());
out('name', process.env.INPUT_NAME);
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'multi<<ghadelimiter_42\\nline one\\nline=two\\nghadelimiter_42\\n');
fs.appendFileSync(process.env.GITHUB_ENV, 'FROM_STEP=' + process.env.INPUT_NAME + '\\n');
fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, '### ' + process.env.INPUT_NAME + '\\n');
console.log('emitting ' + process.env.INPUT_NAME);
await new Promise((r) => setTimeout(r, Number(process.env['INPUT_SLEEP-MS'] || 0)));
out('ended', Date.now());
if (process.env.FAIL_ME === '1') { console.log('::error::asked to fail'); process.exit(1); }
`;
const EMIT_YML = `name: emit
inputs:
  name: { required: true }
  job: { required: false }
  greeting: { default: hello }
  multi word: { default: mw }
  sleep-ms: { default: 0 }
  token: { default: '\${{ github.token }}' }
runs: { using: node24, main: ../../dist/emit.mjs }
`;
const PLAN = `import fs from 'node:fs';
const n = Number(process.env.INPUT_CHUNKS);
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'matrix=' + JSON.stringify({ chunk: [...Array(n).keys()] }) + '\\n');
fs.appendFileSync(process.env.GITHUB_OUTPUT, 'job<<ghadelimiter_7\\n' + JSON.stringify({ chunks: n, title: "it's" }, null, 2) + '\\nghadelimiter_7\\n');
`;
const FAIL = `console.log('::error::step failed on purpose'); process.exit(1);\n`;

const MAIN = `name: main
on:
  push: { branches: [main] }
  workflow_dispatch:
permissions: { contents: read }
concurrency: { group: main }
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.plan.outputs.matrix }}
      job: \${{ steps.plan.outputs.job }}
    steps:
      - uses: actions/checkout@v4
      - id: plan
        uses: ./actions/plan
        with: { chunks: 2 }
  render:
    name: Render
    needs: plan
    runs-on: ubuntu-latest
    timeout-minutes: 5
    strategy:
      fail-fast: false
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    outputs:
      last: \${{ steps.emit.outputs.name }}
    steps:
      - id: emit
        uses: ./actions/emit
        env: { EXTRA: 'x-\${{ matrix.chunk }}' }
        with:
          name: chunk-\${{ matrix.chunk }}
          job: \${{ needs.plan.outputs.job }}
          sleep-ms: 400
  final:
    needs: [plan, render]
    runs-on: ubuntu-latest
    outputs:
      got: \${{ steps.second.outputs.name }}
    steps:
      - id: first
        uses: ./actions/emit
        with: { name: 'final \${{ needs.render.outputs.last }}' }
      - id: second
        uses: ./actions/emit
        with: { name: after, job: 'multi: \${{ steps.first.outputs.multi }}', greeting: '\${{ toJSON(fromJSON(needs.plan.outputs.job).chunks) }}' }
  only-on-push:
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/plan
        with: { chunks: 1 }
`;

let tmp: string;
let repo: string;
let results: ResultsService;
let base: Omit<RunWorkflowOptions, 'workflowFile' | 'tempDir'>;

async function write(file: string, text: string): Promise<string> {
  const full = path.join(repo, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}
let n = 0;
const opts = async (workflow: string, extra: Partial<RunWorkflowOptions> = {}): Promise<RunWorkflowOptions> => ({
  ...base,
  workflowFile: await write(`.github/workflows/w${++n}.yml`, workflow),
  tempDir: path.join(tmp, `run-${n}`),
  ...extra,
});
const parsed = (s: string | undefined): Record<string, string> => JSON.parse(s ?? '{}');
const steps = (body: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${body}`;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wf-runner-'));
  repo = path.join(tmp, 'repo');
  await write('dist/emit.mjs', EMIT);
  await write('dist/plan.mjs', PLAN);
  await write('dist/fail.mjs', FAIL);
  await write('actions/emit/action.yml', EMIT_YML);
  await write('actions/plan/action.yml', 'name: plan\ninputs: { chunks: { default: 3 } }\nruns: { using: node20, main: ../../dist/plan.mjs }\n');
  await write('actions/fail/action.yml', 'name: fail\nruns: { using: node24, main: ../../dist/fail.mjs }\n');
  await mkdir(path.join(tmp, 'ws'));
  results = await startResultsService();
  base = { repoRoot: repo, workspace: path.join(tmp, 'ws'), event: { name: 'push', payload: { ref: 'refs/heads/main' } }, runId: 77, repository: 'octo/film', sha: 'a'.repeat(40), results, githubApiUrl: 'http://127.0.0.1:9', token: 'ghs_test', env: { BASE_ENV: 'b' } };
});
afterAll(async () => {
  await results?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('runWorkflow', () => {
  test('outputs flow plan → matrix legs (in parallel, own job ids) → final job, with a runner environment', async () => {
    const lines: string[] = [];
    const o = await opts(MAIN, { onLine: (job, line) => lines.push(`${job}| ${line}`) });
    const r = await runWorkflow(o);
    expect(r.ok).toBe(true);
    expect(r.jobs.plan.outputs.matrix).toBe('{"chunk":[0,1]}');
    expect(JSON.parse(r.jobs.plan.outputs.job)).toEqual({ chunks: 2, title: "it's" });
    expect(r.jobs.plan.legs[0].stepOutputs).toHaveProperty('__actions_checkout');

    const legs = r.jobs.render.legs;
    expect(legs.map((l) => [l.name, l.matrix, l.ok])).toEqual([['Render (0)', { chunk: 0 }, true], ['Render (1)', { chunk: 1 }, true]]);
    const [a, b] = legs.map((l) => l.stepOutputs.emit);
    expect(Math.max(+a.started, +b.started)).toBeLessThan(Math.min(+a.ended, +b.ended)); // overlapped
    expect(a.multi).toBe('line one\nline=two');
    const inputs = parsed(a.inputs);
    expect(inputs).toEqual({ INPUT_NAME: 'chunk-0', INPUT_JOB: r.jobs.plan.outputs.job, INPUT_GREETING: 'hello', 'INPUT_MULTI_WORD': 'mw', 'INPUT_SLEEP-MS': '400', INPUT_TOKEN: 'ghs_test' });
    const env = parsed(a.env);
    expect(env).toMatchObject({ CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_JOB: 'render', GITHUB_ACTION: 'emit', GITHUB_RUN_ID: '77', GITHUB_RUN_ATTEMPT: '1', GITHUB_REPOSITORY: 'octo/film', GITHUB_REPOSITORY_OWNER: 'octo', GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main', GITHUB_EVENT_NAME: 'push', GITHUB_WORKSPACE: o.workspace, GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_SERVER_URL: 'https://github.com', RUNNER_OS: 'Linux', EXTRA: 'x-0', BASE_ENV: 'b', ACTIONS_RESULTS_URL: `${results.url}/` });
    expect(env.NODE_OPTIONS).toBeUndefined();
    expect(JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8'))).toEqual({ ref: 'refs/heads/main' });
    expect(env.RUNNER_TEMP.startsWith(o.tempDir)).toBe(true);
    expect(parsed(b.env).RUNNER_TEMP).not.toBe(env.RUNNER_TEMP);
    expect(a.cwd).toBe(o.workspace);
    // Each leg is its own job for the results service.
    const scopes = legs.map((l) => JSON.parse(Buffer.from(parsed(l.stepOutputs.emit.env).ACTIONS_RUNTIME_TOKEN.split('.')[1], 'base64url').toString()).scp);
    expect(scopes).toEqual(legs.map((l) => expect.stringContaining(`Actions.Results:77:${l.jobBackendId}`)));
    expect(new Set(legs.map((l) => l.jobBackendId)).size).toBe(2);
    expect(legs[1].summary).toBe('### chunk-1\n');
    expect(r.jobs.render.outputs.last).toMatch(/^chunk-[01]$/);

    const [first, second] = [r.jobs.final.legs[0].stepOutputs.first, r.jobs.final.legs[0].stepOutputs.second];
    expect(first.name).toBe(`final ${r.jobs.render.outputs.last}`);
    expect(parsed(second.inputs).INPUT_JOB).toBe('multi: line one\nline=two');
    expect(parsed(second.inputs).INPUT_GREETING).toBe('2');
    expect(parsed(second.env).FROM_STEP).toBe(first.name); // GITHUB_ENV carries to later steps
    expect(r.jobs.final.outputs.got).toBe('after');
    expect(r.jobs['only-on-push'].result).toBe('success');
    expect(lines).toContain('Render (1)| emitting chunk-1');
  });

  test('if: github.event_name skips a job on other events', async () => {
    const r = await runWorkflow(await opts(MAIN, { event: { name: 'workflow_dispatch', payload: {} } }));
    expect(r.ok).toBe(true);
    expect(r.jobs['only-on-push']).toMatchObject({ ok: true, result: 'skipped', legs: [] });
    await expect(runWorkflow(await opts(MAIN, { event: { name: 'release', payload: {} } }))).rejects.toThrow(/does not run on 'release'/);
  });

  test('a failing step stops its job, later steps and dependent jobs are skipped', async () => {
    const wf = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - { id: before, uses: ./actions/emit, with: { name: x } }
      - { id: boom, uses: ./actions/fail }
      - { id: after, uses: ./actions/emit, with: { name: y } }
  b:
    needs: a
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/emit
        with: { name: z }
`;
    const r = await runWorkflow(await opts(wf));
    expect(r.ok).toBe(false);
    const leg = r.jobs.a.legs[0];
    expect(leg).toMatchObject({ ok: false, exitCode: 1 });
    expect(Object.keys(leg.stepOutputs)).toEqual(['before', 'boom']);
    expect(leg.log).toContain('::error::step failed on purpose');
    expect(leg.log).toContain('Skipped step');
    expect(r.jobs.b).toMatchObject({ ok: false, result: 'skipped', legs: [] });
  });

  test('fail-fast cancels the other legs', async () => {
    const wf = `on: push
jobs:
  m:
    runs-on: ubuntu-latest
    strategy:
      matrix: { n: [0, 1] }
    steps:
      - uses: ./actions/emit
        with: { name: 'n\${{ matrix.n }}', sleep-ms: '\${{ matrix.n == 0 && 20000 || 0 }}' }
`;
    const t0 = Date.now();
    const r = await runWorkflow(await opts(wf, { legEnv: (_job, m) => (m.n === 1 ? { FAIL_ME: '1' } : undefined) }));
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.jobs.m.result).toBe('failure');
    expect(r.jobs.m.legs.map((l) => [l.ok, l.cancelled])).toEqual([[false, true], [false, false]]);
  });

  test('re-runs one failed leg (new attempt) and the jobs after it, reusing the rest', async () => {
    const o = await opts(MAIN);
    const first = await runWorkflow({ ...o, legEnv: (job, m) => (job === 'render' && m.chunk === 1 ? { FAIL_ME: '1' } : undefined) });
    expect(first.ok).toBe(false);
    expect(first.jobs.render.legs.map((l) => l.ok)).toEqual([true, false]);
    expect(first.jobs.render.legs[1].log).toContain('::error::asked to fail');
    expect(first.jobs.final.result).toBe('skipped');

    const second = await runWorkflow({ ...o, previous: first, only: { jobs: ['render', 'final'], legs: (_job, m) => m.chunk === 1 } });
    expect(second.ok).toBe(true);
    expect(second.runAttempt).toBe(2);
    expect(second.jobs.plan).toBe(first.jobs.plan);
    expect(second.jobs.render.legs[0]).toBe(first.jobs.render.legs[0]);
    expect(second.jobs.render.legs[1]).toMatchObject({ ok: true, runAttempt: 2 });
    expect(parsed(second.jobs.render.legs[1].stepOutputs.emit.env).GITHUB_RUN_ATTEMPT).toBe('2');
    expect(second.jobs.render.legs[1].jobBackendId).not.toBe(first.jobs.render.legs[1].jobBackendId);
    expect(second.jobs.final.legs[0]).toMatchObject({ ok: true, runAttempt: 2 });
    await expect(runWorkflow({ ...o, only: { jobs: ['final'] } })).rejects.toThrow(/not in only.jobs and previous has no result/);
  });

  test.each([
    ['a run: step', steps('      - run: echo hi\n'), /unsupported workflow key: jobs\.a\.steps\[0\]\.run/],
    ['a job container', 'on: push\njobs:\n  a:\n    runs-on: x\n    container: node:20\n    steps: [{ uses: ./actions/fail }]\n', /unsupported workflow key: jobs\.a\.container/],
    ['top-level env', 'on: push\nenv: { A: 1 }\njobs:\n  a:\n    runs-on: x\n    steps: [{ uses: ./actions/fail }]\n', /unsupported workflow key: env/],
    ['matrix include', 'on: push\njobs:\n  a:\n    runs-on: x\n    strategy: { matrix: { n: [1], include: [{ n: 2 }] } }\n    steps: [{ uses: ./actions/fail }]\n', /unsupported workflow key: jobs\.a\.strategy\.matrix\.include/],
    ['a marketplace action', steps('      - uses: actions/upload-artifact@v4\n'), /unsupported workflow key: .*actions\/upload-artifact@v4/],
    ['the env context', steps("      - uses: ./actions/emit\n        with: { name: '${{ env.FOO }}' }\n"), /unsupported expression: .*env\.FOO.*context 'env'/],
    ['a function', steps("      - uses: ./actions/emit\n        with: { name: \"${{ hashFiles('x') }}\" }\n"), /unsupported expression: .*function 'hashFiles'/],
    ['an operator', steps("      - uses: ./actions/emit\n        with: { name: '${{ 1 < 2 }}' }\n"), /unsupported expression: .*'<'/],
    ['an unknown github property', steps("      - uses: ./actions/emit\n        with: { name: '${{ github.actor }}' }\n"), /unsupported expression: .*github\.actor/],
    ['steps in strategy', 'on: push\njobs:\n  a:\n    runs-on: x\n    strategy: { matrix: "${{ fromJSON(steps.x.outputs.m) }}" }\n    steps: [{ uses: ./actions/fail }]\n', /unsupported expression: .*context 'steps' is not available/],
    ['a status function in if', 'on: push\njobs:\n  a:\n    runs-on: x\n    if: always()\n    steps: [{ uses: ./actions/fail }]\n', /unsupported expression: .*function 'always'/],
  ])('refuses %s loudly', async (_what, wf, error) => {
    await expect(runWorkflow(await opts(wf))).rejects.toThrow(error);
  });

  test('refuses an action that is not a node20/node24 JavaScript action', async () => {
    await write('actions/docker/action.yml', 'name: d\nruns: { using: docker, image: Dockerfile }\n');
    await expect(runWorkflow(await opts(steps('      - uses: ./actions/docker\n')))).rejects.toThrow(/unsupported runs\.using: docker/);
  });
});

describe('expressions and file commands', () => {
  const scope = { matrix: strict({ chunk: 3, o: { a: 1 } }), needs: strict({ p: strict({ outputs: strict({ m: '{"chunk":[0,1]}', 'chunk-count': '2' }), result: 'success' }) }), github: strict({ event_name: 'push', token: 't', run_id: '9' }) };
  test('a whole ${{ }} keeps its type, embedded ones are stringified', () => {
    expect(evaluate('${{ fromJSON(needs.p.outputs.m) }}', scope, 'w')).toEqual({ chunk: [0, 1] });
    expect(evaluate('${{ matrix.o }}', scope, 'w')).toEqual({ a: 1 });
    expect(evaluate('${{ matrix.chunk }}', scope, 'w')).toBe(3);
    expect(evaluate('c${{ matrix.chunk }}/${{ needs.p.outputs.chunk-count }}', scope, 'w')).toBe('c3/2');
    expect(evaluate("${{ toJSON(matrix.o) }}", scope, 'w')).toBe('{\n  "a": 1\n}');
    expect(evaluate("${{ 'it''s }}' }}", scope, 'w')).toBe("it's }}");
    expect(evaluate("${{ github.event_name == 'PUSH' && github.run_id }}", scope, 'w')).toBe('9');
    expect(evaluate("${{ needs['p'].outputs['m'] != '' }}", scope, 'w')).toBe(true);
    expect(() => evaluateString('x ${{ matrix.o }}', scope, 'w')).toThrow(/toJSON/);
    expect(() => evaluate('${{ matrix.nope }}', scope, 'w')).toThrow(/no 'nope'/);
    expect(() => evaluate('${{ needs.q.outputs.m }}', scope, 'w')).toThrow(/no 'q'/);
    expect(() => evaluate('${{ steps.a.outputs.b }}', scope, 'w')).toThrow(/context 'steps' is not available/);
  });
  test('GITHUB_OUTPUT: name=value and heredoc lines', () => {
    expect(parseKeyValueFile('a=1\nb<<EOF\nx=y\n\nz\nEOF\nc=a<<b\n\n', 'f')).toEqual({ a: '1', b: 'x=y\n\nz', c: 'a<<b' });
    expect(() => parseKeyValueFile('b<<EOF\nx\n', 'GITHUB_OUTPUT')).toThrow(/matching delimiter not found/);
    expect(() => parseKeyValueFile('justtext\n', 'GITHUB_OUTPUT')).toThrow(/invalid format/);
  });
});
