import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { NODE24, nodeForAction, nodeVersion } from '../helpers/node-binaries.js';
import { startResultsService, type ResultsService } from '../services/results-service.js';
import { runWorkflow } from '../helpers/workflow-runner.js';

// The emulator starts each action with the Node its runs.using declares, as a runner does.
const VERSION_ACTION = `console.log('node ' + process.version + ' for ' + process.env.INPUT_WHO);\n`;
const WORKFLOW = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./actions/old
        with: { who: old }
      - uses: ./actions/new
        with: { who: new }
      - uses: ./
        with: { who: root }
`;

let tmp: string;
let results: ResultsService;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wf-node-'));
  results = await startResultsService();
});
afterAll(async () => {
  await results?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function write(file: string, text: string): Promise<string> {
  const full = path.join(tmp, 'repo', file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}

test('node20 actions run on the runner\'s Node, node24 ones (the root action too) on the Node 24 binary', async () => {
  await write('dist/version.mjs', VERSION_ACTION);
  await write('actions/old/action.yml', 'name: old\ninputs: { who: {} }\nruns: { using: node20, main: ../../dist/version.mjs }\n');
  await write('actions/new/action.yml', 'name: new\ninputs: { who: {} }\nruns: { using: node24, main: ../../dist/version.mjs }\n');
  await write('action.yml', 'name: root\ninputs: { who: {} }\nruns: { using: node24, main: dist/version.mjs }\n');
  const workspace = path.join(tmp, 'ws');
  await mkdir(workspace, { recursive: true });
  const r = await runWorkflow({
    workflowFile: await write('.github/workflows/w.yml', WORKFLOW),
    repoRoot: path.join(tmp, 'repo'),
    workspace,
    event: { name: 'push', payload: { ref: 'refs/heads/main' } },
    runId: 1,
    repository: 'o/r',
    sha: 'a'.repeat(40),
    results,
    githubApiUrl: 'http://127.0.0.1:9',
    token: 'ghs_test',
    tempDir: path.join(tmp, 'run'),
  });
  const log = r.jobs.a.legs[0].log;
  expect(r.ok).toBe(true);
  const v24 = nodeVersion(NODE24);
  expect(v24).toMatch(/^v24\./);
  expect(log).toContain(`node ${process.version} for old`);
  expect(log).toContain(`node ${v24} for new`);
  expect(log).toContain(`node ${v24} for root`);
});

test('a node24 action without the Node 24 binary fails with what to do', () => {
  expect(() => nodeForAction('node24', '/nonexistent/node')).toThrow('the action declares runs.using: node24, but /nonexistent/node is missing: run npm ci');
  expect(nodeForAction('node20', '/nonexistent/node')).toBe(process.execPath);
});
