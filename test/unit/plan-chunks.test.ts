import { InvalidOptionError } from '../../src/shared/errors.js';
import {
  DEFAULT_MIN_FRAMES_PER_CHUNK, describeChunk, describePlan, MAX_CHUNKS, planChunks, type Chunk, type PlanChunksOptions,
} from '../../src/plan/plan-chunks.js';

/** Checks every rule a plan must follow; returns a description of the first broken one, or '' (cheap inside big loops). */
function brokenRule(chunks: Chunk[], o: PlanChunksOptions): string {
  const min = o.minFramesPerChunk ?? DEFAULT_MIN_FRAMES_PER_CHUNK;
  const maxChunks = o.maxChunks ?? MAX_CHUNKS;
  if (chunks.length < 1) return 'no chunks';
  if (chunks.length > maxChunks || chunks.length > MAX_CHUNKS) return `more than ${maxChunks} chunks`;
  if (chunks.length > o.totalFrames) return 'more chunks than frames';
  let next = 0;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    if (c.index !== i) return `chunk ${i} has index ${c.index}`;
    if (c.startFrame !== next) return `chunk ${i} starts at ${c.startFrame}, expected ${next}`;
    if (c.frameCount < 1) return `chunk ${i} is empty`;
    if (chunks.length > 1 && c.frameCount < min) return `chunk ${i} has ${c.frameCount} < ${min} frames`;
    if (i > 0 && c.frameCount > chunks[i - 1].frameCount) return `chunk ${i} is larger than chunk ${i - 1}`;
    next += c.frameCount;
  }
  if (next !== o.totalFrames) return `covers ${next} frames, expected ${o.totalFrames}`;
  if (chunks[0].frameCount - chunks[chunks.length - 1].frameCount > 1) return 'sizes differ by more than one frame';
  // Never fewer chunks than the limits allow.
  const requested = o.chunks ?? (o.framesPerChunk ? Math.ceil(o.totalFrames / o.framesPerChunk) : 1);
  const expected = Math.min(requested, Math.max(1, Math.min(maxChunks, Math.floor(o.totalFrames / min))));
  if (chunks.length !== expected) return `${chunks.length} chunks, expected ${expected}`;
  if (o.framesPerChunk && chunks.length === requested && chunks[0].frameCount > o.framesPerChunk) return 'chunks larger than framesPerChunk';
  return '';
}

function expectValid(o: PlanChunksOptions): Chunk[] {
  const chunks = planChunks(o);
  const broken = brokenRule(chunks, o);
  if (broken) throw new Error(`${JSON.stringify(o)}: ${broken}`);
  return chunks;
}

const CHUNK_REQUESTS = [...Array.from({ length: 40 }, (_, i) => i + 1), 50, 64, 100, 128, 200, 255, 256];

describe('planChunks: properties over ranges of inputs', () => {
  test('every total 1..1000 with chunk counts 1..40 and large ones, at minimum 1, 30 (default) and 100 frames per chunk', () => {
    let plans = 0;
    for (let totalFrames = 1; totalFrames <= 1000; totalFrames++) {
      for (const chunks of CHUNK_REQUESTS) {
        for (const minFramesPerChunk of [1, undefined, 100]) {
          expectValid({ totalFrames, chunks, minFramesPerChunk });
          plans++;
        }
      }
    }
    expect(plans).toBe(1000 * CHUNK_REQUESTS.length * 3);
  });

  test('large totals with every chunk count 1..256 and several caps', () => {
    for (const totalFrames of [1799, 1800, 7200, 10_007, 108_000, 1_000_000]) {
      for (let chunks = 1; chunks <= MAX_CHUNKS; chunks++) {
        for (const maxChunks of [undefined, 1, 20, 255]) expectValid({ totalFrames, chunks, maxChunks, minFramesPerChunk: 1 });
        expectValid({ totalFrames, chunks });
      }
    }
  });

  test('frames per chunk 1..400 over totals 1..600', () => {
    for (let totalFrames = 1; totalFrames <= 600; totalFrames++) {
      for (let framesPerChunk = 1; framesPerChunk <= 400; framesPerChunk += totalFrames % 7 === 0 ? 1 : 13) {
        expectValid({ totalFrames, framesPerChunk, minFramesPerChunk: 1 });
        expectValid({ totalFrames, framesPerChunk });
      }
    }
  });

  test('the same options give the same plan', () => {
    for (const o of [{ totalFrames: 1001, chunks: 7 }, { totalFrames: 54_321, framesPerChunk: 97 }, { totalFrames: 5 }]) {
      expect(planChunks(o)).toEqual(planChunks({ ...o }));
      expect(JSON.stringify(planChunks(o))).toBe(JSON.stringify(planChunks(o)));
    }
  });
});

describe('planChunks: cases', () => {
  test('300 frames in 4 chunks of 75', () => {
    expect(planChunks({ totalFrames: 300, chunks: 4 })).toEqual([
      { index: 0, startFrame: 0, frameCount: 75 },
      { index: 1, startFrame: 75, frameCount: 75 },
      { index: 2, startFrame: 150, frameCount: 75 },
      { index: 3, startFrame: 225, frameCount: 75 },
    ]);
  });

  test('uneven totals put the extra frames in the first chunks', () => {
    expect(planChunks({ totalFrames: 10, chunks: 4, minFramesPerChunk: 1 }).map((c) => c.frameCount)).toEqual([3, 3, 2, 2]);
    expect(planChunks({ totalFrames: 200, chunks: 6 }).map((c) => c.frameCount)).toEqual([34, 34, 33, 33, 33, 33]);
  });

  test('neither chunks nor framesPerChunk: one chunk', () => {
    expect(planChunks({ totalFrames: 900 })).toEqual([{ index: 0, startFrame: 0, frameCount: 900 }]);
  });

  test('a video shorter than the minimum is one chunk', () => {
    expect(planChunks({ totalFrames: 1, chunks: 8 })).toEqual([{ index: 0, startFrame: 0, frameCount: 1 }]);
    expect(planChunks({ totalFrames: 29, chunks: 8 })).toEqual([{ index: 0, startFrame: 0, frameCount: 29 }]);
    expect(planChunks({ totalFrames: 59, framesPerChunk: 10 })).toHaveLength(1);
  });

  test('the count is reduced so no chunk falls below the minimum', () => {
    expect(planChunks({ totalFrames: 100, chunks: 10 })).toHaveLength(3); // 34, 33, 33 >= 30
    expect(planChunks({ totalFrames: 100, chunks: 10, minFramesPerChunk: 10 })).toHaveLength(10);
    expect(planChunks({ totalFrames: 100, chunks: 10, minFramesPerChunk: 11 })).toHaveLength(9);
  });

  test('never more chunks than frames, maxChunks or 256', () => {
    expect(planChunks({ totalFrames: 5, chunks: 10, minFramesPerChunk: 1 })).toHaveLength(5);
    expect(planChunks({ totalFrames: 100_000, chunks: 256, maxChunks: 16 })).toHaveLength(16);
    expect(planChunks({ totalFrames: 100_000, framesPerChunk: 1, minFramesPerChunk: 1 })).toHaveLength(256);
  });

  test('framesPerChunk rounds the count up, so no chunk is longer than asked', () => {
    expect(planChunks({ totalFrames: 301, framesPerChunk: 100 }).map((c) => c.frameCount)).toEqual([76, 75, 75, 75]);
    expect(planChunks({ totalFrames: 300, framesPerChunk: 100 }).map((c) => c.frameCount)).toEqual([100, 100, 100]);
  });
});

describe('planChunks: invalid options name the option and its range', () => {
  test.each<[PlanChunksOptions, RegExp]>([
    [{ totalFrames: 100, chunks: 0 }, /^--chunks must be a whole number between 1 and 256, got 0$/],
    [{ totalFrames: 100, chunks: 257 }, /^--chunks must be a whole number between 1 and 256, got 257$/],
    [{ totalFrames: 100, chunks: 2.5 }, /^--chunks must be a whole number between 1 and 256, got 2.5$/],
    [{ totalFrames: 100, chunks: Number.NaN }, /^--chunks must be a whole number between 1 and 256, got NaN$/],
    [{ totalFrames: 100, framesPerChunk: 0 }, /^--frames-per-chunk must be a whole number of at least 1, got 0$/],
    [{ totalFrames: 100, framesPerChunk: -3 }, /^--frames-per-chunk must be a whole number of at least 1, got -3$/],
    [{ totalFrames: 100, maxChunks: 0 }, /^--max-chunks must be a whole number between 1 and 256, got 0$/],
    [{ totalFrames: 100, maxChunks: 300 }, /^--max-chunks must be a whole number between 1 and 256, got 300$/],
    [{ totalFrames: 100, minFramesPerChunk: 0 }, /^--min-frames-per-chunk must be a whole number of at least 1, got 0$/],
    [{ totalFrames: 100, minFramesPerChunk: Infinity }, /^--min-frames-per-chunk must be a whole number of at least 1, got Infinity$/],
    [{ totalFrames: 100, chunks: 4, framesPerChunk: 25 }, /^--chunks and --frames-per-chunk were both given \(4 and 25\): pass only one of them$/],
    [{ totalFrames: 0 }, /at least 1 frame long, got 0 frames: check --frames, --duration or window.helios$/],
    [{ totalFrames: 12.5 }, /got 12.5 frames/],
  ])('%p', (o, message) => {
    expect(() => planChunks(o)).toThrow(InvalidOptionError);
    expect(() => planChunks(o)).toThrow(message);
  });
});

describe('describePlan', () => {
  test('sizes and counts', () => {
    expect(describePlan(planChunks({ totalFrames: 300, chunks: 4 }))).toBe('300 frames in 4 chunks of 75 frames');
    expect(describePlan(planChunks({ totalFrames: 200, chunks: 6 }))).toBe('200 frames in 6 chunks of 34 or 33 frames');
    expect(describePlan(planChunks({ totalFrames: 1 }))).toBe('1 frame in 1 chunk');
  });

  test('says why fewer chunks were made than asked for', () => {
    const small = { totalFrames: 100, chunks: 10 };
    expect(describePlan(planChunks(small), small)).toBe('100 frames in 3 chunks of 34 or 33 frames (asked for 10; each chunk needs at least 30 frames)');
    const capped = { totalFrames: 10_000, chunks: 40, maxChunks: 8 };
    expect(describePlan(planChunks(capped), capped)).toBe('10000 frames in 8 chunks of 1250 frames (asked for 40; at most 8 chunks are allowed)');
    const fine = { totalFrames: 300, chunks: 4 };
    expect(describePlan(planChunks(fine), fine)).toBe('300 frames in 4 chunks of 75 frames');
  });

  test('describeChunk gives the inclusive range', () => {
    expect(describeChunk({ index: 1, startFrame: 75, frameCount: 75 })).toBe('frames 75..149');
  });
});
