import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeLambda, type FakeLambda } from '../helpers/cloud/fake-lambda.js';
import { startS3Server, type TestS3Server } from '../helpers/cloud/s3-server.js';
import { fixtureHtml, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { expectSuccess, ROOT, runCli } from '../helpers/run-cli.js';

// `helios render --backend lambda` end to end, with the real clients: the caller's
// @aws-sdk/client-lambda and client-s3 against the fake Lambda and the S3 test server; each
// execution environment is the real `helios worker lambda` with its role's S3 credentials.
// Run under `flock /tmp/helios-browser.lock`: the workers start Chromium and ffmpeg.

const BUCKET = 'helios-e2e';
let s3: TestS3Server;
let lambda: FakeLambda;
let dir: string;
/** The environment of a caller with no AWS configuration of its own (no profile, no ~/.aws). */
let callerEnv: NodeJS.ProcessEnv;
/** The pages' folder is the composition: outputs and jobs go elsewhere. */
let pages: string;
/** Four chunks of 12 frames, four workers. */
let chunking: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'helios-lambda-e2e-'));
  pages = path.join(dir, 'pages');
  await mkdir(pages);
  chunking = ['--concurrency', '4', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs')];
  s3 = await startS3Server({ buckets: [BUCKET] });
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|HELIOS_BUCKET$)/.test(name)));
  const isolated = { ...clean, HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: path.join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none') };
  lambda = await startFakeLambda({
    // The caller holds one key pair for both services (one IAM user in the real account).
    accessKeyIds: [s3.accessKeyId],
    functions: [
      {
        name: 'helios-render',
        timeoutSeconds: 120,
        command: [process.execPath, '--import', 'tsx', 'src/cli/index.ts', 'worker', 'lambda'],
        // What the deployed image and its execution role give the worker.
        env: { ...isolated, ...s3.env(), HELIOS_BUCKET: BUCKET, HELIOS_WORK_DIR: path.join(dir, 'worker') },
        cwd: ROOT,
      },
    ],
  });
  callerEnv = { ...isolated, ...s3.env(), AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint };
});

afterAll(async () => {
  await lambda?.close();
  await s3?.close();
  await rm(dir, { recursive: true, force: true });
});

const render = (page: string, out: string, extra: string[] = []) =>
  runCli(['render', page, '-o', out, '--backend', 'lambda', '--function', 'helios-render', '--region', lambda.region, '--bucket', BUCKET, ...extra], {
    env: callerEnv,
  });

describe('helios render --backend lambda', () => {
  it('renders frame-exact with 4 workers; a second render uploads no composition files', async () => {
    const frames = 48;
    const page = writeFixture(pages, 'lambda-e2e', fixtureHtml('raf', 'canvas', { frames }));
    const out = path.join(dir, 'lambda.mp4');
    const r = await render(page, out, chunking);
    expectSuccess(r);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, frames));
    for (const w of [0, 1, 2, 3]) expect(r.stderr).toContain(`[Worker ${w}]`);
    expect(r.stderr).toMatch(/Lambda: 4 invocations/);
    expect(lambda.invocations.filter((i) => i.end && !i.end.errorCode)).toHaveLength(4);
    const uploadsBefore = s3.count(`PUT /${BUCKET}/compositions/`);
    expect(uploadsBefore).toBeGreaterThan(0);
    const again = await render(page, path.join(dir, 'again.mp4'), chunking);
    expectSuccess(again);
    expect(s3.count(`PUT /${BUCKET}/compositions/`)).toBe(uploadsBefore);
    expect(again.stderr).toContain('nothing uploaded');
  });

  it('retries a throttled invocation and one whose environment was killed mid-chunk; the output is still exact', async () => {
    const frames = 48;
    const page = writeFixture(pages, 'lambda-retries', fixtureHtml('raf', 'canvas', { frames }));
    const out = path.join(dir, 'retried.mp4');
    const first = lambda.invocations.length;
    lambda.throttleNext(1);
    let killed = false;
    // The first invocation that gets going loses its environment after its third piece of output.
    lambda.onPayloadChunk = (invocation) => {
      if (!killed && invocation.chunks === 3) {
        killed = true;
        invocation.kill();
      }
    };
    const r = await render(page, out, [...chunking, '--retry-delay', '0.2']);
    lambda.onPayloadChunk = null;
    expectSuccess(r);
    expect(killed).toBe(true);
    expect(r.stderr).toMatch(/throttled the invocation \(TooManyRequestsException: Rate Exceeded\. ConcurrentInvocationLimitExceeded\): the account's concurrency limit .*Attempt 1 of 3; retrying/);
    expect(r.stderr).toMatch(/the worker failed on Lambda \(Runtime\.ExitError: .*signal: killed\)\. Attempt 1 of 3; retrying/);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, frames));
    // Four chunks, one of them killed: five invocations reached an environment (the throttled one did not).
    expect(lambda.invocations.length - first).toBe(5);
  });

  it('fails at once with the page\'s own error, not retried', async () => {
    const page = writeFixture(pages, 'lambda-page-error', fixtureHtml('seek-hook', 'canvas', {
      frames: 24,
      extraScript: `window.helios.seek = (frame) => { if (frame >= 18) throw new Error('cannot draw frame ' + frame); paint(frame); };`,
    }));
    const first = lambda.invocations.length;
    const r = await render(page, path.join(dir, 'never.mp4'), ['--concurrency', '2', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs'), '--retry-delay', '0.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('Attempt 1 of');
    expect(r.stderr).toMatch(/error: chunk 1 \(frames 12\.\.23\) failed after 1 attempt \(not retried: the page or the input is at fault.*\): .*Error: cannot draw frame 18/s);
    expect(lambda.invocations.length - first).toBe(2);
  });
});
