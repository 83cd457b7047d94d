import { CORES_PER_WORKER, defaultConcurrency, MEMORY_PER_WORKER_BYTES, splitChunk, splitCount } from '../../src/plan/default-concurrency.js';

const GB = 1024 ** 3;
const plenty = 64 * GB;

describe('defaultConcurrency', () => {
  it('gives one worker on 2 cores: one worker already keeps ~1.5 of them busy', () => {
    const choice = defaultConcurrency({ cores: 2, freeMemoryBytes: plenty });
    expect(choice).toEqual({ workers: 1, limitedBy: 'cores', reason: `2 cores, ~${CORES_PER_WORKER} cores per worker` });
  });

  it.each([
    [1, 1],
    [3, 2],
    [4, 2],
    [8, 5],
    [16, 10],
    [64, 42],
  ])('gives %i cores %i workers', (cores, workers) => {
    expect(defaultConcurrency({ cores, freeMemoryBytes: plenty }).workers).toBe(workers);
  });

  it('gives fewer workers when free memory allows fewer than the cores', () => {
    const choice = defaultConcurrency({ cores: 16, freeMemoryBytes: 3.5 * MEMORY_PER_WORKER_BYTES });
    expect(choice.workers).toBe(3);
    expect(choice.limitedBy).toBe('memory');
    expect(choice.reason).toBe('16 cores, ~1.5 cores per worker, but 3.5 GB free memory at ~1 GB per worker');
  });

  it('never gives fewer than one worker, whatever the machine reports', () => {
    expect(defaultConcurrency({ cores: 0, freeMemoryBytes: 0 }).workers).toBe(1);
    expect(defaultConcurrency({ cores: Number.NaN, freeMemoryBytes: Number.NaN }).workers).toBe(1);
    expect(defaultConcurrency({ cores: 8, freeMemoryBytes: 100 * 1024 ** 2 }).workers).toBe(1);
  });
});

describe('splitCount', () => {
  it('splits into as many ranges as workers when every range keeps minFrames', () => {
    expect(splitCount(300, 2, 30)).toBe(2);
    expect(splitCount(300, 5, 30)).toBe(5);
  });

  it('splits no range shorter than minFrames', () => {
    expect(splitCount(59, 2, 30)).toBe(1);
    expect(splitCount(90, 5, 30)).toBe(3);
    expect(splitCount(10, 4, 30)).toBe(1);
  });

  it('keeps one range for one worker', () => {
    expect(splitCount(1000, 1, 30)).toBe(1);
  });
});

describe('splitChunk', () => {
  it('cuts a chunk into contiguous parts that cover it once, differing by at most a frame', () => {
    expect(splitChunk({ index: 3, startFrame: 100, frameCount: 25 }, 3)).toEqual([
      { index: 0, startFrame: 100, frameCount: 9 },
      { index: 1, startFrame: 109, frameCount: 8 },
      { index: 2, startFrame: 117, frameCount: 8 },
    ]);
  });

  it('makes no empty part', () => {
    expect(splitChunk({ index: 0, startFrame: 0, frameCount: 2 }, 5)).toHaveLength(2);
    expect(splitChunk({ index: 0, startFrame: 7, frameCount: 1 }, 0)).toEqual([{ index: 0, startFrame: 7, frameCount: 1 }]);
  });
});
