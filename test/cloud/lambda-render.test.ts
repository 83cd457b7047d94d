import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFakeLambda, type FakeLambda } from '../helpers/cloud/fake-lambda.js';
import { startS3Server, type TestS3Server } from '../helpers/cloud/s3-server.js';
import { fixtureHtml, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { perFramePsnr } from '../helpers/psnr.js';
import { CLI_COMMAND, expectSuccess, ROOT, runCli } from '../helpers/run-cli.js';

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
        command: [...CLI_COMMAND, 'worker', 'lambda'],
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
    // The same chunks rendered by local workers: the same pixels, frame for frame.
    const local = path.join(dir, 'local.mp4');
    expectSuccess(await runCli(['render', page, '-o', local, ...chunking], { env: callerEnv }));
    expect(await perFramePsnr(local, out)).toEqual(Array(frames).fill(Infinity));
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

  it('renders a chunk again when its segment comes back damaged from the bucket', async () => {
    const frames = 24;
    const page = writeFixture(pages, 'lambda-damaged', fixtureHtml('raf', 'canvas', { frames }));
    const out = path.join(dir, 'damaged.mp4');
    s3.damageNextDownload(`/${BUCKET}/jobs/`);
    const r = await render(page, out, ['--concurrency', '2', '--min-frames-per-chunk', '12', '--jobs-dir', path.join(dir, 'jobs'), '--retry-delay', '0.1']);
    expectSuccess(r);
    expect(s3.damagedDownloads()).toBe(1);
    expect(r.stderr).toMatch(/failed: the segment of chunk \d downloaded from s3:\/\/helios-e2e\/jobs\/.* is damaged \(its sha256 is [0-9a-f]{64}, but the worker wrote [0-9a-f]{64}\): rendering it again\. Attempt 1 of 3/);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, frames));
  });

  it('refuses, before anything renders: a missing bucket, a missing function, wrong credentials, a chunk over the time limit', async () => {
    const page = writeFixture(pages, 'lambda-bad-input', fixtureHtml('raf', 'canvas', { frames: 48 }));
    const out = path.join(dir, 'bad.mp4');
    const before = lambda.invocations.length;
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['--bucket', 'no-such-bucket'], callerEnv, /error: .*no-such-bucket.*(does not exist|not found)/i],
      [['--function', 'no-such-function'], callerEnv, /error: Lambda function no-such-function in region us-east-1 not found: deploy it with `helios lambda deploy --image <uri>`, or pass --function\/--region/],
      [[], { ...callerEnv, AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1' }, /error: S3 refused to open the bucket in s3:\/\/helios-e2e \(region us-east-1\): access denied \(HTTP 403\): check AWS_PROFILE or AWS_ACCESS_KEY_ID/],
      [['--frames-per-chunk', '48', '--worker-fps', '0.5'], callerEnv, /error: a chunk of 48 frames would take about 1\.6 min at the assumed 0\.5 frames per second per worker, more than 60% of Lambda's 120 s limit per worker: use --frames-per-chunk 36 or fewer/],
    ];
    for (const [flags, env, message] of cases) {
      const r = await runCli(['render', page, '-o', out, '--backend', 'lambda', '--region', lambda.region, '--bucket', BUCKET, ...flags], { env });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/AKIA|SecretAccessKey|at .*node_modules/);
      expect(existsSync(out)).toBe(false);
    }
    expect(lambda.invocations.length).toBe(before);
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
