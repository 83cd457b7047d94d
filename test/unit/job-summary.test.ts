import { buildJobSummary } from '../../src/github/job-summary.js';
import type { ChunkManifest } from '../../src/plan/chunk-manifest.js';
import { createJobSpec, type JobSpec } from '../../src/plan/job-spec.js';
import { estimateRun, measureTimings } from '../../src/plan/measured-timings.js';
import { planChunks } from '../../src/plan/plan-chunks.js';
import { mergeTimings, readTimingsText } from '../../src/plan/pipeline-timings.js';

function spec(): JobSpec {
  return createJobSpec({
    id: 'promo-ab12cd',
    createdAt: '2024-05-01T12:00:00.000Z',
    composition: { input: 'examples/canvas-raf', kind: 'file', hash: `sha256:${'ab12'.repeat(16)}` },
    props: null,
    render: {
      fps: '30', width: 1280, height: 720, totalFrames: 300, mode: 'canvas', canvasSelector: null, format: 'mp4', codec: 'h264',
      crf: 18, preset: 'veryfast', jpegQuality: 90, canvasEncoder: 'auto', seek: 'jump', timeoutSeconds: 30, frameTimeoutSeconds: 30, gl: 'swiftshader',
      transparent: false, scale: 1, everyNthFrame: 1, gifLoops: null,
    },
    browser: { build: null },
    audio: { file: null, muted: false },
    chunks: planChunks({ totalFrames: 300, chunks: 2 }),
    output: { path: 'out/promo.mp4' },
  });
}

function manifest(index: number, loadSeconds: number, renderSeconds: number): ChunkManifest {
  return {
    jobId: 'promo-ab12cd', chunk: { index, startFrame: index * 150, frameCount: 150 }, segment: `segment-000${index}.mp4`, frames: 150, mode: 'canvas',
    captureMethod: 'webcodecs', browserVersion: 'HeadlessChrome/131', ffmpegVersion: '7.0', attempt: 1, media: [], finishedAt: '2024-05-01T12:02:00.000Z',
    timings: { loadSeconds, renderSeconds, totalSeconds: loadSeconds + renderSeconds },
  };
}

// Two legs: fetch 0.8 s and 1.2 s, render 3 s and 5 s (150 frames each); stitch 0.5 s; 150 s after the plan.
const run = { spec: spec(), manifests: [manifest(1, 1.2, 5), manifest(0, 0.8, 3)], wallSeconds: 150, stitchSeconds: 0.5 };
const summary = buildJobSummary({ ...run, links: [{ label: 'artifact promo-video', url: 'https://example.test/run#artifacts' }] });

describe('the stitch step job summary', () => {
  test('one row per chunk, in order, with its fetch and render seconds', () => {
    const rows = summary.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 0 | frames 0..149 | 150 | 0.8 | 3.0 | 3.8 | 1 | webcodecs |',
      '| 1 | frames 150..299 | 150 | 1.2 | 5.0 | 6.2 | 1 | webcodecs |',
    ]);
    expect(summary).toContain('| chunk | frames | count | fetch s | render s | seconds | attempts | capture |');
  });

  test("the estimate's error: the default model's time after the plan against the measured wall time", () => {
    const estimated = estimateRun(run.spec).afterPlanSeconds;
    // 2 legs in one wave (65 + 0.8 + 150 x 0.0196 s) + stitch job (65 + 2 x 1 + 300 x 0.00031 s) = 136.8 s.
    expect(estimated).toBeCloseTo(65 + 0.8 + 150 * 0.0196 + 65 + 2 + 300 * 0.00031, 6);
    const error = Math.round(((estimated - 150) / 150) * 100);
    expect(error).toBe(-9);
    expect(summary).toContain(`after the plan, actual 2m 30s: error ${error}%`);
  });

  test('the measured figures ride in a hidden line that --timings reads back', () => {
    const measured = readTimingsText(summary, 'summary.md');
    expect(measured).toEqual(measureTimings(run));
    expect(measured.fetchSeconds).toBeCloseTo(1.0, 6);
    expect(measured.renderSecondsPerFrame?.canvas).toBeCloseTo(8 / 300, 4);
    expect(measured.renderSecondsPerFrame?.dom).toBeUndefined();
    expect(measured.stitchSecondsPerFrame).toBeCloseTo(0.5 / 300, 6);
    // Start-up: (150 s wall - 6.2 s slowest leg - 0.5 s stitch - 2 s downloads) / 2 jobs (one wave + stitch).
    expect(measured.jobStartSeconds).toBeCloseTo((150 - 6.2 - 0.5 - 2) / 2, 1);
    // Fed back, the model reproduces this run's time after the plan to within rounding.
    const replay = estimateRun(run.spec, mergeTimings(measured)).afterPlanSeconds;
    expect(Math.abs(replay - 150)).toBeLessThan(1.5);
  });
});
