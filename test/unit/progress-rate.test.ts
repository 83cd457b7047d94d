import { createProgressRate, createProgressThrottle } from '../../src/shared/progress-rate.js';

describe('createProgressRate', () => {
  test('rate and ETA count from start()', () => {
    const rate = createProgressRate(100);
    rate.start(1_000);
    expect(rate.progress(10, 3_000)).toEqual({ renderedFrames: 10, totalFrames: 100, framesPerSecond: 5, etaSeconds: 18 });
  });

  test('without start(), the clock starts at the first report with a frame: no rate yet, then one', () => {
    const rate = createProgressRate(40);
    expect(rate.progress(0, 500)).toEqual({ renderedFrames: 0, totalFrames: 40, framesPerSecond: 0, etaSeconds: null });
    expect(rate.progress(4, 1_000)).toEqual({ renderedFrames: 4, totalFrames: 40, framesPerSecond: 0, etaSeconds: null });
    expect(rate.progress(24, 3_000)).toEqual({ renderedFrames: 24, totalFrames: 40, framesPerSecond: 12, etaSeconds: 16 / 12 });
  });

  test('a count that falls back (a chunk retried) lowers the rate, the clock keeps running', () => {
    const rate = createProgressRate(10);
    rate.progress(5, 0);
    expect(rate.progress(2, 2_000).framesPerSecond).toBe(1);
  });

  test('done: ETA 0', () => {
    const rate = createProgressRate(8);
    rate.start(0);
    expect(rate.progress(8, 4_000)).toMatchObject({ framesPerSecond: 2, etaSeconds: 0 });
  });
});

describe('createProgressThrottle', () => {
  const at = (renderedFrames: number, totalFrames = 100) => ({ renderedFrames, totalFrames });

  test('by interval: the first report, then one per interval, and the last one always', () => {
    const pass = createProgressThrottle({ intervalMs: 100 });
    expect(pass(at(1), 1_000)).toBe(true);
    expect(pass(at(2), 1_050)).toBe(false);
    expect(pass(at(3), 1_099)).toBe(false);
    expect(pass(at(4), 1_100)).toBe(true);
    expect(pass(at(5), 1_120)).toBe(false);
    expect(pass(at(100), 1_130)).toBe(true);
  });

  test('by steps: one report per tenth of the total', () => {
    const pass = createProgressThrottle({ steps: 10 });
    const passed = Array.from({ length: 30 }, (_, i) => i + 1).filter((n) => pass(at(n, 30)));
    expect(passed).toEqual([1, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
  });
});
