import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createJob, openJob } from '../../src/jobs/job-repository.js';
import { readChunkManifest, type ChunkManifest } from '../../src/plan/chunk-manifest.js';
import { createJobSpec } from '../../src/plan/job-spec.js';
import { createJobState, readJobState } from '../../src/plan/job-state.js';
import { planChunks } from '../../src/plan/plan-chunks.js';

const manifest: ChunkManifest = {
  jobId: 'promo',
  chunk: { index: 1, startFrame: 75, frameCount: 75 },
  segment: 'segment-0001.mp4',
  frames: 75,
  mode: 'dom',
  captureMethod: 'screenshot',
  browserVersion: 'Chrome/126',
  ffmpegVersion: '6.1',
  timings: { loadSeconds: 0.5, renderSeconds: 3, totalSeconds: 3.5 },
  media: [],
  finishedAt: '2024-05-01T12:00:00.000Z',
};

function manifestText(change: (m: Record<string, any>) => void = () => {}): string {
  const m = JSON.parse(JSON.stringify(manifest));
  change(m);
  return JSON.stringify(m);
}

describe('chunk manifest', () => {
  test('a good manifest reads back equal', () => {
    expect(readChunkManifest(manifestText(), 'segment-0001.json')).toEqual({ ok: true, manifest });
  });

  test('a damaged manifest names the field', () => {
    expect(readChunkManifest(manifestText((m) => (m.timings.renderSeconds = -1)), 'segment-0001.json')).toEqual({
      ok: false,
      message: 'segment-0001.json: timings.renderSeconds must be a number of seconds (0 or more), got -1',
    });
    expect(readChunkManifest(manifestText((m) => (m.chunk.frameCount = '75')), 'm.json')).toEqual({
      ok: false,
      message: 'm.json: chunk.frameCount must be a whole number of at least 1, got string "75"',
    });
    expect(readChunkManifest(manifestText((m) => delete m.segment), 'm.json')).toEqual({
      ok: false,
      message: 'm.json: segment is missing: expected a file name',
    });
    expect(readChunkManifest('[]', 'm.json')).toEqual({ ok: false, message: 'm.json must be an object (a helios chunk manifest), got an empty array' });
    expect(readChunkManifest('{', 'm.json')).toMatchObject({ ok: false, message: expect.stringMatching(/^m\.json: not valid JSON/) });
  });

  test('unknown fields come first, one problem each', () => {
    const read = readChunkManifest(manifestText((m) => Object.assign(m, { frames: 0, extra: 1, more: 2 })), 'm.json');
    expect(read).toEqual({
      ok: false,
      message: 'm.json has 3 problems:\n' +
        '  - unknown field "extra": remove it (the document holds only jobId, chunk, segment, segmentSha256, frames, mode, captureMethod, browserVersion, ffmpegVersion, timings, attempt, media, finishedAt)\n' +
        '  - unknown field "more": remove it (the document holds only jobId, chunk, segment, segmentSha256, frames, mode, captureMethod, browserVersion, ffmpegVersion, timings, attempt, media, finishedAt)\n' +
        '  - frames must be a whole number of at least 1, got 0',
    });
  });
});

const spec = { id: 'promo', chunks: planChunks({ totalFrames: 300, chunks: 3 }) };

const state = createJobState(spec);

function stateText(change: (s: Record<string, any>) => void = () => {}): string {
  const s = JSON.parse(JSON.stringify(state));
  change(s);
  return JSON.stringify(s);
}

describe('job state', () => {
  test('a good state reads back; a state written before versions reads as version 1', () => {
    expect(readJobState(JSON.stringify(state), 'state.json', spec)).toEqual({ ok: true, state });
    const old = readJobState(stateText((s) => delete s.version), 'state.json', spec);
    expect(old).toEqual({ ok: true, state: { ...state, version: 1 } });
    expect(Object.keys(old.ok ? old.state : {})[0]).toBe('version');
  });

  test('a damaged state names the field', () => {
    expect(readJobState(stateText((s) => (s.chunks[1].status = 'x')), 'state.json', spec)).toEqual({
      ok: false,
      message: 'state.json: chunks[1].status must be one of "pending", "running", "done", "failed", got "x"',
    });
    expect(readJobState(stateText((s) => (s.chunks[2].attempts = 1.5)), 'state.json', spec)).toEqual({
      ok: false,
      message: 'state.json: chunks[2].attempts must be a whole number of at least 0, got 1.5',
    });
    expect(readJobState(stateText((s) => (s.version = 2)), 'state.json', spec)).toEqual({
      ok: false,
      message: 'state.json: version must be the number 1, got 2',
    });
  });

  test('a state of another job or another plan is not used', () => {
    expect(readJobState(stateText((s) => s.chunks.pop()), 'state.json', spec)).toEqual({
      ok: false,
      message: 'state.json: chunks must hold one state per chunk of the job (3), got 2',
    });
    expect(readJobState(stateText((s) => (s.id = 'other')), 'state.json', spec)).toEqual({
      ok: false,
      message: 'state.json: id must be "promo" (the job\'s id), got "other"',
    });
  });

  test('openJob warns about a damaged state and starts from a fresh one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'helios-state-'));
    try {
      const jobSpec = createJobSpec({
        id: 'promo',
        composition: { input: 'examples/canvas-raf', kind: 'file', hash: null },
        props: null,
        render: {
          fps: '30', width: 640, height: 360, totalFrames: 300, mode: 'auto', canvasSelector: null, format: 'mp4', codec: 'h264', crf: 18, preset: 'veryfast',
          jpegQuality: 90, canvasEncoder: 'auto', seek: 'fast-forward', timeoutSeconds: 30, frameTimeoutSeconds: 30, gl: 'swiftshader',
          transparent: false, scale: 1, everyNthFrame: 1, gifLoops: null,
        },
        browser: { build: null },
        audio: { file: null, muted: false },
        chunks: spec.chunks,
        output: { path: 'out/promo.mp4' },
      });
      const job = await createJob(dir, jobSpec);
      job.state.chunks[0].status = 'done';
      await job.save();
      const statePath = path.join(job.dir, 'state.json');
      expect(JSON.parse(await readFile(statePath, 'utf8')).version).toBe(1);
      const warnings: string[] = [];
      const logger = { debug() {}, info() {}, warn: (m: string) => warnings.push(m) };
      expect((await openJob(dir, 'promo', { logger })).state.chunks[0].status).toBe('done');
      expect(warnings).toEqual([]);

      const saved = JSON.parse(await readFile(statePath, 'utf8'));
      saved.chunks[1].status = 'x';
      await writeFile(statePath, JSON.stringify(saved));
      const reopened = await openJob(dir, 'promo', { logger });
      expect(reopened.state.chunks.map((c) => c.status)).toEqual(['pending', 'pending', 'pending']);
      expect(warnings).toEqual([
        `${statePath}: chunks[1].status must be one of "pending", "running", "done", "failed", got "x": ignoring the saved progress; every chunk is checked again`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
