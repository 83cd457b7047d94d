import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeCloudRun, type FakeCloudRun } from '../helpers/cloud/fake-cloud-run.js';
import { startFakeGceMetadata, type FakeGceMetadata } from '../helpers/cloud/fake-gce-metadata.js';
import { startFakeGcs, type FakeGcs } from '../helpers/cloud/fake-gcs.js';
import { fixtureHtml, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { perFramePsnr } from '../helpers/psnr.js';
import { CLI_COMMAND, expectSuccess, runCli } from '../helpers/run-cli.js';

// `helios render --backend cloudrun` end to end, with the real clients: the caller's
// google-auth-library (an ID token for the service URL, from the GCE metadata server) and
// @google-cloud/storage against the fake GCS; Cloud Run's front checks the ID token and
// starts real `helios worker serve` instances (worker token on, one request each).
// Run under `flock /tmp/helios-browser.lock`: the workers start Chromium and ffmpeg.

const BUCKET = 'helios-run-e2e';
const TOKEN = 'worker-token-0123456789abcdef';
let metadata: FakeGceMetadata;
let gcs: FakeGcs;
let run: FakeCloudRun;
let dir: string;
let pages: string;
let callerEnv: NodeJS.ProcessEnv;
let chunking: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helios-cloudrun-e2e-'));
  pages = path.join(dir, 'pages');
  await mkdir(pages);
  chunking = ['--concurrency', '4', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs')];
  metadata = await startFakeGceMetadata();
  gcs = await startFakeGcs({ accessToken: metadata.accessToken, buckets: [BUCKET] });
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|GOOGLE_|GCLOUD_|CLOUDSDK_|GCE_|STORAGE_EMULATOR_HOST$|HELIOS_)/.test(name)));
  // Application default credentials from the metadata server only: no gcloud login in HOME.
  const isolated = { ...clean, HOME: dir, GCE_METADATA_HOST: metadata.host, STORAGE_EMULATOR_HOST: gcs.endpoint };
  run = await startFakeCloudRun({
    metadata,
    command: [...CLI_COMMAND, 'worker', 'serve', '--auth', 'token', '--host', '127.0.0.1'],
    // What the deployed service gives its instances (its runtime service account reaches the bucket).
    env: { ...isolated, HELIOS_WORKER_TOKEN: TOKEN, HELIOS_BUCKET: BUCKET, HELIOS_WORK_DIR: path.join(dir, 'worker') },
    maxInstances: 4,
  });
  callerEnv = { ...isolated, HELIOS_WORKER_TOKEN: TOKEN };
});

afterAll(async () => {
  await run?.close();
  await gcs?.close();
  await metadata?.close();
  await rm(dir, { recursive: true, force: true });
});

const render = (page: string, out: string, extra: string[] = [], env = callerEnv) =>
  runCli(['render', page, '-o', out, '--backend', 'cloudrun', '--service-url', run.url, '--bucket', BUCKET, ...extra], { env });

const compositionUploads = () => gcs.requests.filter((r) => (r.op === 'upload' || r.op === 'upload-session') && r.object?.startsWith('compositions/')).length;

describe('helios render --backend cloudrun', () => {
  it('renders frame-exact with 4 instances, matching local workers frame for frame; a second render uploads nothing', async () => {
    const frames = 48;
    const page = writeFixture(pages, 'run-e2e', fixtureHtml('raf', 'canvas', { frames }));
    const out = path.join(dir, 'run.mp4');
    const r = await render(page, out, chunking);
    expectSuccess(r);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, frames));
    for (const w of [0, 1, 2, 3]) expect(r.stderr).toContain(`[Worker ${w}]`);
    expect(r.stderr).toMatch(/Cloud Run: 4 invocations, [\d.]+ billed seconds at 2 vCPU, 4096 MB .*estimated cost \$/);
    // Every chunk came through the front with an ID token for the service URL.
    expect(metadata.idTokenAudiences).toContain(run.url);
    expect(run.requests.filter((q) => q.path === '/chunks' && q.status === 200)).toHaveLength(4);
    const local = path.join(dir, 'local.mp4');
    expectSuccess(await runCli(['render', page, '-o', local, ...chunking], { env: callerEnv }));
    expect(await perFramePsnr(local, out)).toEqual(Array(frames).fill(Infinity));

    const uploads = compositionUploads();
    expect(uploads).toBeGreaterThan(0);
    const again = await render(page, path.join(dir, 'again.mp4'), chunking);
    expectSuccess(again);
    expect(compositionUploads()).toBe(uploads);
    expect(again.stderr).toContain('nothing uploaded');
    // The job's segments are deleted from the bucket after the stitch; the composition stays.
    expect([...gcs.objects(BUCKET).keys()].filter((k) => k.startsWith('jobs/'))).toEqual([]);
  });

  it('retries a request whose instance was killed mid-chunk; the output is still exact', async () => {
    const frames = 36;
    const page = writeFixture(pages, 'run-killed', fixtureHtml('raf', 'canvas', { frames }));
    const out = path.join(dir, 'killed.mp4');
    let armed = false;
    const r = await runCli(
      ['render', page, '-o', out, '--backend', 'cloudrun', '--service-url', run.url, '--bucket', BUCKET,
        '--concurrency', '3', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs'), '--retry-delay', '0.2'],
      {
        env: callerEnv,
        // Armed once the job is planned (the preflight's /healthz answer is behind us): the first chunk answer loses its instance.
        onStderr: (text) => {
          if (!armed && /job run-killed-\w+ \(/.test(text)) {
            armed = true;
            run.killDuringNextAnswer({ lines: 3 });
          }
        },
      },
    );
    expect(armed).toBe(true);
    expectSuccess(r);
    expect(r.stderr).toMatch(/chunk \d failed: .*Attempt 1 of 3; retrying/);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, frames));
  });

  it('fails at once with the page\'s own error', async () => {
    const page = writeFixture(pages, 'run-page-error', fixtureHtml('seek-hook', 'canvas', {
      frames: 24,
      extraScript: `window.helios.seek = (frame) => { if (frame >= 18) throw new Error('cannot draw frame ' + frame); paint(frame); };`,
    }));
    const r = await render(page, path.join(dir, 'never.mp4'), ['--concurrency', '2', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('Attempt 1 of');
    expect(r.stderr).toMatch(/error: chunk 1 \(frames 12\.\.23\) failed after 1 attempt \(not retried: .*\): .*Error: cannot draw frame 18/s);
  });

  it('refuses, before anything renders: a missing bucket, a wrong worker token, a service that is not there', async () => {
    const page = writeFixture(pages, 'run-bad-input', fixtureHtml('raf', 'canvas', { frames: 24 }));
    const out = path.join(dir, 'bad.mp4');
    const chunks = () => run.requests.filter((q) => q.path === '/chunks').length;
    const before = chunks();
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--bucket', 'no-such-bucket'], callerEnv, /error: .*no-such-bucket.*(does not exist|not found)/i],
      [[], { ...callerEnv, HELIOS_WORKER_TOKEN: 'wrong-token-0123456789' }, /error: .*worker token/i],
    ];
    for (const [flags, env, message] of cases) {
      const r = await render(page, out, flags, env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('wrong-token');
      expect(existsSync(out)).toBe(false);
    }
    const gone = await runCli(['render', page, '-o', out, '--backend', 'cloudrun', '--service-url', 'http://127.0.0.1:9', '--bucket', BUCKET], { env: callerEnv });
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/error: .*127\.0\.0\.1:9/);
    expect(chunks()).toBe(before);
  });
});
