/**
 * The real `@actions/artifact` DefaultArtifactClient against the local results service
 * (Twirp + Azure block blobs on 127.0.0.1). Nothing of the client is mocked.
 */
import crypto from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { Octokit } from '@octokit/rest';
import { startGitHubApi } from './github-api.js';
import { runArtifactsFrom } from './link.js';
import { withEnv } from './env.js';
import { startResultsService, type JobIds, type ResultsService } from './results-service.js';

const RUN = 'run-0b5e1c3a';
const LEG_A: JobIds = { runBackendId: RUN, jobBackendId: 'job-render-0' };
const LEG_B: JobIds = { runBackendId: RUN, jobBackendId: 'job-render-1' };
const STITCH: JobIds = { runBackendId: RUN, jobBackendId: 'job-stitch' };

let service: ResultsService;
let tmp: string;
let files: string[];
let root: string;
const client = new DefaultArtifactClient();
const as = <T>(job: JobIds, fn: () => Promise<T>) => withEnv(service.envFor(job), fn);

beforeAll(async () => {
  service = await startResultsService();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'results-service-'));
  root = path.join(tmp, 'src');
  await mkdir(path.join(root, 'sub'), { recursive: true });
  files = [path.join(root, 'segment.mp4'), path.join(root, 'sub', 'meta.json')];
  await writeFile(files[0], crypto.randomBytes(300_000)); // incompressible: zip ≈ 300 KB
  await writeFile(files[1], JSON.stringify({ chunk: 0, frames: [0, 59] }));
});

afterAll(async () => {
  await service?.close();
  await rm(tmp, { recursive: true, force: true });
});

test('envFor gives a runtime token the client parses and a non-GHES server URL', () => {
  const env = service.envFor(LEG_A);
  expect(env.ACTIONS_RESULTS_URL).toBe(`${service.url}/`);
  expect(env.GITHUB_SERVER_URL).toBe('https://github.com');
  const claims = JSON.parse(Buffer.from(env.ACTIONS_RUNTIME_TOKEN.split('.')[1], 'base64url').toString());
  expect(claims.scp).toContain(`Actions.Results:${RUN}:job-render-0`);
});

test('uploads from two legs, lists the whole run, gets and downloads byte-identical files', async () => {
  const a = await as(LEG_A, () => client.uploadArtifact('seg-0', files, root));
  const b = await as(LEG_B, () => client.uploadArtifact('seg-1', [files[0]], root));
  expect(a.id).toBeGreaterThan(0);
  expect(b.id).not.toBe(a.id);
  expect(a.size).toBeGreaterThan(300_000);

  const stored = service.artifacts();
  expect(stored.map((s) => [s.name, s.jobBackendId, s.finalized])).toEqual([
    ['seg-0', 'job-render-0', true],
    ['seg-1', 'job-render-1', true],
  ]);
  expect(stored[0].size).toBe(a.size);
  expect(stored[0].content?.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  expect(stored[0].digest).toBe(`sha256:${a.digest}`);

  const { artifacts } = await as(STITCH, () => client.listArtifacts({ latest: true }));
  expect(artifacts.map((x) => x.name).sort()).toEqual(['seg-0', 'seg-1']);
  expect(artifacts.find((x) => x.name === 'seg-0')).toMatchObject({ id: a.id, size: a.size, digest: `sha256:${a.digest}` });

  const got = await as(STITCH, () => client.getArtifact('seg-1'));
  expect(got.artifact).toMatchObject({ name: 'seg-1', id: b.id, size: b.size });
  await expect(as(STITCH, () => client.getArtifact('nope'))).rejects.toThrow(/Artifact not found for name: nope/);

  const out = path.join(tmp, 'download');
  const dl = await as(STITCH, () => client.downloadArtifact(a.id!, { path: out, expectedHash: `sha256:${a.digest}` }));
  expect(dl).toEqual({ downloadPath: out, digestMismatch: false });
  // (Buffer.equals: jest's toEqual on a 300 KB Buffer takes seconds)
  expect((await readFile(path.join(out, 'segment.mp4'))).equals(await readFile(files[0]))).toBe(true);
  expect(await readFile(path.join(out, 'sub', 'meta.json'), 'utf8')).toBe(await readFile(files[1], 'utf8'));
});

test('another run sees none of these artifacts', async () => {
  const other = { runBackendId: 'run-other', jobBackendId: 'job-x' };
  const { artifacts } = await as(other, () => client.listArtifacts());
  expect(artifacts).toEqual([]);
});

test('a duplicate name in the run fails with 409 until the old artifact is deleted', async () => {
  const existing = service.artifacts().find((s) => s.name === 'seg-0')!;
  // Another job of the same run: names are unique per run, not per job.
  await expect(as(LEG_B, () => client.uploadArtifact('seg-0', files, root))).rejects.toThrow(
    /Failed to CreateArtifact: Received non-retryable error: Failed request: \(409\) Conflict: an artifact with this name already exists on the workflow run/,
  );
  const deleted = await as(LEG_B, () => client.deleteArtifact('seg-0'));
  expect(deleted.id).toBe(existing.id);
  expect(service.artifacts().map((s) => s.name)).toEqual(['seg-1']);
  await expect(as(LEG_B, () => client.deleteArtifact('seg-0'))).rejects.toThrow(/Artifact not found for name: seg-0/);

  const again = await as(LEG_B, () => client.uploadArtifact('seg-0', [files[1]], root));
  expect(again.id).toBeGreaterThan(existing.id);
  expect(service.artifacts().find((s) => s.name === 'seg-0')).toMatchObject({ jobBackendId: 'job-render-1', finalized: true });
});

test('skipArchive uploads the raw file and downloads it under its own name', async () => {
  const up = await as(LEG_A, () => client.uploadArtifact('ignored', [files[1]], root, { skipArchive: true }));
  expect(service.artifacts().find((s) => s.id === up.id)).toMatchObject({ name: 'meta.json', mimeType: 'application/json' });
  const out = path.join(tmp, 'raw');
  await as(STITCH, () => client.downloadArtifact(up.id!, { path: out }));
  expect(await readFile(path.join(out, 'meta.json'), 'utf8')).toBe(await readFile(files[1], 'utf8'));
});

test('a 500 from CreateArtifact is retried by the client (after ~3 s of backoff)', async () => {
  service.failNext('CreateArtifact', 500);
  const before = service.calls().length;
  const up = await as(LEG_A, () => client.uploadArtifact('seg-retry', [files[1]], root));
  expect(up.id).toBeGreaterThan(0);
  const creates = service.calls().slice(before).filter((c) => c.op === 'CreateArtifact');
  expect(creates.map((c) => c.status)).toEqual([500, 200]);
});

test('a token the service did not issue is refused without retries', async () => {
  const env = service.envFor(LEG_A);
  const [h, p] = env.ACTIONS_RUNTIME_TOKEN.split('.');
  await expect(withEnv({ ...env, ACTIONS_RUNTIME_TOKEN: `${h}.${p}.forged` }, () => client.listArtifacts())).rejects.toThrow(
    /Received non-retryable error: Failed request: \(401\) Unauthorized: invalid token signature/,
  );
});

test('linked to the GitHub API, the run artifacts REST listing shows the same artifacts', async () => {
  const gh = await startGitHubApi({ runArtifacts: runArtifactsFrom(service, { 42: RUN }) });
  try {
    const octokit = new Octokit({ baseUrl: gh.url, auth: gh.token });
    const { data } = await octokit.actions.listWorkflowRunArtifacts({ owner: 'o', repo: 'r', run_id: 42 });
    const finalized = service.artifacts().filter((a) => a.runBackendId === RUN && a.finalized);
    expect(data.artifacts.map((a) => [a.id, a.name, a.size_in_bytes])).toEqual(finalized.map((a) => [a.id, a.name, a.size]));
  } finally {
    await gh.close();
  }
});
