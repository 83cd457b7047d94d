import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cloudSettingsFromFlags } from '../../src/cli/backend-flags.js';
import { warnAboveLambdaLimit } from '../../src/cloud/cloud-backend.js';
import { DEFAULT_PRICES, estimateCost, formatDollars, readPrices } from '../../src/cloud/prices.js';
import type { RemoteTransport } from '../../src/cloud/remote-transport.js';
import { maxFramesPerChunk, planChunksWithin, type ChunkTimeLimit } from '../../src/plan/chunk-time-limit.js';
import { InvalidOptionError } from '../../src/shared/errors.js';
import { cliErrorOf, createInProcessCli, type InProcessCli } from '../helpers/cli-in-process.js';

// Remote-backend options that need no network and no browser: checked at the CLI boundary.
let cli: InProcessCli;
beforeAll(() => {
  cli = createInProcessCli('helios-remote-options-');
});
afterAll(() => cli.remove());
beforeEach(() => rmSync(cli.marker, { force: true }));

describe('remote backend flags are refused before anything starts', () => {
  test.each([
    [['--backend', 'k8s'], '--backend must be one of local, lambda, cloudrun, got "k8s"'],
    [['--bucket', 'b-1'], '--bucket is for remote workers: add --backend lambda or --backend cloudrun, or leave it out'],
    [['--backend', 'lambda', '--region', 'us-east-1'], '--backend lambda needs --bucket: the bucket `helios lambda deploy` printed (or set HELIOS_BUCKET)'],
    [['--backend', 'lambda', '--bucket', 'b-1'], '--backend lambda needs --region (or AWS_REGION): the region `helios lambda deploy` used'],
    [['--backend', 'lambda', '--bucket', 'My_Bucket', '--region', 'us-east-1'], '--bucket must be a bucket name (3 to 63 lower-case letters, digits, dots, dashes), got "My_Bucket"'],
    [['--backend', 'lambda', '--bucket', 'b-1', '--region', 'us-east-1', '--concurrency', '300'], '--concurrency must be between 1 and 256, got 300'],
    [['--backend', 'lambda', '--bucket', 'b-1', '--region', 'us-east-1', '--service-url', 'https://x.run.app'], '--service-url is for --backend cloudrun; Lambda takes --function and --region'],
    [['--backend', 'cloudrun', '--bucket', 'b-1'], '--backend cloudrun needs --service-url: the URL `helios cloudrun deploy` printed'],
    [['--backend', 'cloudrun', '--bucket', 'b-1', '--service-url', 'http://example.com'], '--service-url must use https (plain http only for 127.0.0.1), got "http://example.com"'],
    [['--backend', 'cloudrun', '--bucket', 'b-1', '--service-url', 'https://x.run.app', '--function', 'f'], '--function is for --backend lambda; Cloud Run takes --service-url'],
    [['--backend', 'cloudrun', '--bucket', 'b-1', '--service-url', 'https://x.run.app', '--worker-fps', '0'], '--worker-fps must be greater than 0 and at most 1000, got 0'],
  ])('render %j', async (flags, message) => {
    expect(await cliErrorOf(['render', cli.page, '--browser', cli.fakeBrowser, ...flags])).toBe(message);
    expect(existsSync(cli.marker)).toBe(false);
  });

  test('defaults: the function name, the region and bucket from the environment', () => {
    expect(cloudSettingsFromFlags({ backend: 'lambda' }, { AWS_REGION: 'eu-west-1', HELIOS_BUCKET: 'renders' }, undefined)).toEqual({
      backend: 'lambda', functionName: 'helios-render', region: 'eu-west-1', bucket: 'renders', workerFps: undefined, prices: undefined,
    });
    expect(cloudSettingsFromFlags({ backend: 'cloudrun', serviceUrl: 'https://svc.a.run.app/', bucket: 'b-1' }, {}, 4)).toMatchObject({ serviceUrl: 'https://svc.a.run.app' });
    expect(cloudSettingsFromFlags({}, {}, 3)).toBeUndefined();
  });
});

describe('chunks fit the platform time limit', () => {
  const lambda = (explicit: boolean, seconds = 900): ChunkTimeLimit => ({ platform: 'Lambda', seconds, framesPerSecond: 2, explicit });

  test('900 s at 2 frames per second: at most 1080 frames per chunk (60% of the limit)', () => {
    expect(maxFramesPerChunk(lambda(false))).toBe(1080);
  });

  test('more chunks are cut than asked for when the asked-for chunks would run too long', () => {
    const chunks = planChunksWithin({ totalFrames: 9000, chunks: 4 }, lambda(false));
    expect(chunks).toHaveLength(9);
    expect(Math.max(...chunks.map((c) => c.frameCount))).toBeLessThanOrEqual(1080);
    expect(chunks.reduce((n, c) => n + c.frameCount, 0)).toBe(9000);
  });

  test('chunks the user fixed are refused, naming what fits', () => {
    expect(() => planChunksWithin({ totalFrames: 9000, framesPerChunk: 3000 }, lambda(true))).toThrow(InvalidOptionError);
    expect(() => planChunksWithin({ totalFrames: 9000, framesPerChunk: 3000 }, lambda(true))).toThrow(
      "a chunk of 3000 frames would take about 25.0 min at the assumed 2 frames per second per worker, more than 60% of Lambda's 900 s limit per worker: " +
        'use framesPerChunk 1080 or fewer (or chunks 9 or more), or raise workerFps if your workers render faster',
    );
  });

  test('a limit on the chunk count that forbids enough chunks is refused', () => {
    expect(() => planChunksWithin({ totalFrames: 9000, chunks: 2, maxChunks: 4 }, lambda(false))).toThrow(/a chunk of 2250 frames/);
  });

  test('no limit, or chunks that fit: the plan is unchanged', () => {
    expect(planChunksWithin({ totalFrames: 600, chunks: 4 }, lambda(true))).toHaveLength(4);
    expect(planChunksWithin({ totalFrames: 600, chunks: 4 }, undefined)).toHaveLength(4);
  });
});

describe('cost estimate', () => {
  test('Lambda: GB-seconds plus requests', () => {
    const cost = estimateCost('lambda', { invocations: 10, seconds: 1000, memoryMb: 2048, vcpus: 2 }, DEFAULT_PRICES);
    expect(cost).toBeCloseTo(1000 * 2 * 0.0000166667 + 10 * 0.2e-6, 10);
    expect(formatDollars(cost)).toBe('$0.033');
  });

  test('Cloud Run: vCPU-seconds, GiB-seconds and requests', () => {
    const cost = estimateCost('cloudrun', { invocations: 4, seconds: 100, memoryMb: 4096, vcpus: 2 }, DEFAULT_PRICES);
    expect(cost).toBeCloseTo(100 * (2 * 0.000024 + 4 * 0.0000025) + 4 * 0.4e-6, 10);
  });

  test('--prices replaces the prices; a bad file names the field', async () => {
    const file = path.join(cli.dir, 'prices.json');
    writeFileSync(file, JSON.stringify({ date: '2026-12', lambda: { perGbSecond: 1, perRequest: 0 }, cloudRun: { perVcpuSecond: 1, perGibSecond: 1, perRequest: 0 } }));
    expect((await readPrices(file)).date).toBe('2026-12');
    writeFileSync(file, JSON.stringify({ date: '2026-12', lambda: { perGbSecond: -1, perRequest: 0 }, cloudRun: { perVcpuSecond: 1, perGibSecond: 1, perRequest: 0 } }));
    await expect(readPrices(file)).rejects.toThrow(/lambda\.perGbSecond must be a price in US dollars \(0 or more\), got -1/);
  });
});

describe('a --concurrency above the Lambda limit is warned about before the render', () => {
  const transport = (reserved: number | null, unreserved: number | null) =>
    ({ name: 'f', preflight: async () => ({ timeLimitSeconds: 900, memoryMb: 3008, vcpus: 2 }), invoke: async () => ({ ok: true, how: '' }), concurrency: { reserved, unreserved } }) as RemoteTransport & { concurrency: { reserved: number | null; unreserved: number | null } };
  const warnings = (t: RemoteTransport, concurrency: number) => {
    const lines: string[] = [];
    warnAboveLambdaLimit(t, concurrency, { debug: () => {}, info: () => {}, warn: (m) => lines.push(m) });
    return lines;
  };

  test('the account\'s unreserved concurrency (new accounts: 10)', () => {
    expect(warnings(transport(null, 10), 50)).toEqual([
      '--concurrency 50 is more than the 10 concurrent executions the account has unreserved in this region: invocations beyond it are throttled and retried. ' +
        'Pass --concurrency 10, or request a higher "Concurrent executions" quota in Service Quotas',
    ]);
  });

  test('the function\'s reserved concurrency comes first; within the limit, or unknown, nothing is said', () => {
    expect(warnings(transport(4, 900), 8)[0]).toContain('the 4 concurrent executions reserved for the function');
    expect(warnings(transport(null, 10), 10)).toEqual([]);
    expect(warnings(transport(null, null), 500)).toEqual([]);
  });
});
