import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { estimateChunks, estimatePipeline, type EstimateVideo } from '../../src/plan/pipeline-estimate.js';
import { DEFAULT_TIMINGS, mergeTimings, readTimingsText, timingsComment } from '../../src/plan/pipeline-timings.js';
import { InvalidOptionError } from '../../src/shared/errors.js';
import { buildProgram } from '../../src/cli/commands.js';
import { cliErrorOf, createInProcessCli, testContext } from '../helpers/cli-in-process.js';

/** `helios <args>` in this process; what it printed on stdout. */
async function runInProcess(args: string[]): Promise<{ out: string }> {
  const ctx = testContext();
  await buildProgram(ctx, 'test').parseAsync(['node', 'helios', ...args]);
  return { out: ctx.out() };
}

const video: EstimateVideo = { totalFrames: 5400, width: 1280, height: 720, mode: 'canvas' };
const T = DEFAULT_TIMINGS;

describe('the Actions wall-time model', () => {
  test('one wave: start-up + fetch + the largest leg, then the stitch job; plan job before', () => {
    const e = estimateChunks(video, 10, 20);
    expect(e.waves).toBe(1);
    expect(e.renderSeconds).toBeCloseTo(T.jobStartSeconds + T.fetchSeconds + 540 * T.renderSecondsPerFrame.canvas, 6);
    expect(e.stitchSeconds).toBeCloseTo(T.jobStartSeconds + 10 * T.segmentSeconds + 5400 * T.stitchSecondsPerFrame, 6);
    expect(e.totalSeconds).toBeCloseTo(e.planSeconds + e.renderSeconds + e.stitchSeconds, 6);
  });

  test('legs beyond the job limit queue: 21 legs on 20 runners are two waves, each paying start-up', () => {
    const e = estimateChunks(video, 21, 20);
    expect(e.waves).toBe(2);
    const leg = (frames: number) => T.jobStartSeconds + T.fetchSeconds + frames * T.renderSecondsPerFrame.canvas;
    expect(e.renderSeconds).toBeCloseTo(leg(258) + leg(257), 6);
    // The runners asked for are capped by the account's job limit.
    expect(estimatePipeline(video, { runners: 100 }).concurrency).toBe(20);
    expect(estimatePipeline(video, { runners: 100, timings: mergeTimings({ jobLimit: 60 }) }).concurrency).toBe(60);
  });

  test('the best count stays within one wave and is where the per-segment cost meets the render saved', () => {
    const best = estimatePipeline(video, { runners: 20 }).best;
    expect(best.waves).toBe(1);
    // sqrt(frames * render s/frame / segment s) = sqrt(5400 * 0.0196) = 10.3
    expect(best.chunks).toBe(10);
    const few = estimatePipeline(video, { runners: 4 }).best;
    expect(few.chunks).toBe(4);
  });

  test('start-up cost is paid per wave: it adds to the wall time but never buys a second wave', () => {
    const slow: EstimateVideo = { ...video, mode: 'dom' };
    const costly = estimatePipeline(slow, { runners: 4 }).best;
    expect(costly).toMatchObject({ chunks: 4, waves: 1 });
    // Raising start-up by 10 s adds 10 s to each of the plan job, the one wave and the stitch job.
    const raised = estimatePipeline(slow, { runners: 4, timings: mergeTimings({ jobStartSeconds: 75 }) }).best;
    expect(raised.chunks).toBe(costly.chunks);
    expect(raised.totalSeconds - costly.totalSeconds).toBeCloseTo(30, 6);
    // A second wave of 4 legs costs one more start-up and saves no render time (the 4 runners are already busy).
    const twoWaves = estimateChunks(slow, 8, 4);
    expect(twoWaves.totalSeconds - costly.totalSeconds).toBeGreaterThan(T.jobStartSeconds);
    // With nothing per job or per segment, the waves cost nothing and the counts tie (the model keeps the fewer).
    const free = mergeTimings({ segmentSeconds: 0, jobStartSeconds: 0, fetchSeconds: 0 });
    expect(estimateChunks(slow, 8, 4, free).totalSeconds).toBeCloseTo(estimateChunks(slow, 4, 4, free).totalSeconds, 6);
    expect(estimatePipeline(slow, { runners: 4, timings: free }).best.chunks).toBe(4);
  });

  test('a tiny video is one chunk', () => {
    const tiny = estimatePipeline({ totalFrames: 20, width: 256, height: 64, mode: 'dom' }, { runners: 20 });
    expect(tiny.best.chunks).toBe(1);
    // Long enough to split, but each leg would save less than a segment costs.
    expect(estimatePipeline({ totalFrames: 90, width: 256, height: 64, mode: 'canvas' }, { runners: 20, minFramesPerChunk: 1 }).best.chunks).toBe(1);
  });

  test('render time follows the capture mode and the pixel count', () => {
    const dom = estimateChunks({ ...video, mode: 'dom' }, 1, 20);
    const canvas = estimateChunks(video, 1, 20);
    const big = estimateChunks({ ...video, width: 2560, height: 1440 }, 1, 20);
    const start = T.jobStartSeconds + T.fetchSeconds;
    expect(dom.renderSeconds - start).toBeCloseTo(5400 * 0.0885, 6);
    expect(big.renderSeconds - start).toBeCloseTo(4 * (canvas.renderSeconds - start), 6);
  });

  test('measured timings override the defaults, from JSON or a job summary line', () => {
    const measured = readTimingsText(`# summary\n\n${timingsComment({ jobStartSeconds: 20, renderSecondsPerFrame: { canvas: 0.1 } })}\n`, 'summary.md');
    const t = mergeTimings(measured);
    expect(t.jobStartSeconds).toBe(20);
    expect(t.renderSecondsPerFrame).toEqual({ dom: T.renderSecondsPerFrame.dom, canvas: 0.1 });
    expect(t.fetchSeconds).toBe(T.fetchSeconds);
    // A five times slower render needs more chunks to reach its minimum.
    expect(estimatePipeline(video, { runners: 20, timings: t }).best.chunks).toBeGreaterThan(estimatePipeline(video, { runners: 20 }).best.chunks);
    expect(readTimingsText('{"segmentSeconds": 2}', 'f.json')).toEqual({ segmentSeconds: 2 });
    expect(() => readTimingsText('{"segmentSeconds": -1}', 'f.json')).toThrow(InvalidOptionError);
    expect(() => readTimingsText('{"frobnicate": 1}', 'f.json')).toThrow(/f\.json has figures the estimate cannot use/);
    expect(() => readTimingsText('# no figures here', 'run.md')).toThrow(/run\.md is neither JSON nor a Helios job summary/);
  });
});

describe('helios plan --estimate (in process, no browser)', () => {
  const cli = createInProcessCli('helios-estimate-');
  afterAll(() => cli.remove());
  const flags = ['--frames', '5400', '--width', '1280', '--height', '720', '--mode', 'canvas', '--browser', cli.fakeBrowser];

  test('prints each candidate and the best count, starting no browser', async () => {
    const { out } = await runInProcess(['plan', cli.page, '--estimate', ...flags]);
    expect(out).toMatch(/estimated wall time on 20 runners at once \(job limit 20\)/);
    expect(out).toMatch(/^ +10 +1 +540 .*<- best$/m);
    expect(out).toMatch(/best: 10 chunks, 218\.9s/);
    expect(existsSync(cli.marker)).toBe(false);
  });

  test('--max-parallel lowers the runners and --timings reads a job summary', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helios-timings-'));
    try {
      const summary = path.join(dir, 'summary.md');
      writeFileSync(summary, `## run\n${timingsComment({ renderSecondsPerFrame: { canvas: 0.5 } })}\n`);
      const { out } = await runInProcess(['plan', cli.page, '--estimate', ...flags, '--max-parallel', '4', '--timings', summary]);
      expect(out).toMatch(/on 4 runners at once/);
      expect(out).toMatch(/best: 4 chunks/);
      expect(out).toMatch(/0\.5s\/frame canvas/);
      expect(await cliErrorOf(['plan', cli.page, '--estimate', ...flags, '--runners', '0'])).toMatch(/--runners must be a whole number of at least 1/);
      expect(await cliErrorOf(['plan', cli.page, '--estimate', ...flags, '--timings', path.join(dir, 'none.json')])).toMatch(/--timings: cannot read .*none\.json \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
