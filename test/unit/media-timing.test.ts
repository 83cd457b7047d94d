import { fallbackSeekTarget, frameIndexAt, seekTargetFor, type FrameTimes } from '../../src/browser/runtime/media-timing.js';

/** A constant-rate table as a muxer stores it: k * den / num seconds rounded to the time base 1 / timescale. */
function cfrTable(num: number, den: number, frames: number, timescale: number, start = 0): FrameTimes {
  const times = Array.from({ length: frames }, (_, k) => Math.round((start + (k * den) / num) * timescale) / timescale);
  return { frameRate: { num, den }, times, timeBaseSeconds: 1 / timescale };
}

/**
 * The frame Chromium shows after a seek to `target` (measured with chromium-headless-shell 156):
 * the last frame stored at or before the target; for VP8/VP9 WebM the target is first rounded
 * to the time base (`roundTarget`).
 */
function shownAfterSeek(table: FrameTimes, target: number, roundTarget: boolean): number {
  const tb = table.timeBaseSeconds;
  const t = roundTarget ? Math.round(target / tb) * tb : target;
  let k = 0;
  while (k + 1 < table.times.length && table.times[k + 1] <= t + 1e-12) k++;
  return k;
}

/** Composition time of frame j at fps num/den, computed the way the runtime does (milliseconds, then seconds). */
const compositionTime = (j: number, num: number, den: number) => (j * 1000 * den) / num / 1000;

describe('frameIndexAt', () => {
  test('a WebM-like 30 fps table (ms timestamps: frame 2 at 67 ms) gives frame k at t = k/30', () => {
    const table = cfrTable(30, 1, 300, 1000);
    expect(table.times[2]).toBe(0.067);
    for (let k = 0; k < 300; k++) expect(frameIndexAt(table, compositionTime(k, 30, 1))).toBe(k);
  });

  test('a 24 fps clip in a 30 fps composition shows floor(j * 24 / 30) at t = j/30', () => {
    const table = cfrTable(24, 1, 200, 1000);
    for (let j = 0; j < 240; j++) expect(frameIndexAt(table, compositionTime(j, 30, 1))).toBe(Math.floor((j * 24) / 30));
  });

  test('a 60 fps clip in a 30000/1001 composition shows floor(j * 60 * 1001 / 30000), j = 0..1000', () => {
    for (const timescale of [1000, 15360, 90000]) {
      const table = cfrTable(60, 1, 2100, timescale);
      for (let j = 0; j <= 1000; j++) {
        expect(frameIndexAt(table, compositionTime(j, 30000, 1001))).toBe(Math.floor((j * 60 * 1001) / 30000));
      }
    }
  });

  test('a clip stored from 0.5 s counts frames from its first timestamp and shows frame 0 before it', () => {
    const table = cfrTable(30, 1, 60, 1000, 0.5);
    expect(frameIndexAt(table, 0)).toBe(0);
    expect(frameIndexAt(table, 0.5 + 2 / 30)).toBe(2);
    expect(frameIndexAt(table, 100)).toBe(59);
  });

  test('a variable-rate table: the last frame at or before t, with half a time-base unit of slack', () => {
    const table: FrameTimes = { frameRate: null, times: [0, 0.04, 0.05, 0.1, 0.3], timeBaseSeconds: 0.001 };
    expect(frameIndexAt(table, 0)).toBe(0);
    expect(frameIndexAt(table, 0.0394)).toBe(0);
    expect(frameIndexAt(table, 0.0396)).toBe(1);
    expect(frameIndexAt(table, 0.0494)).toBe(1);
    expect(frameIndexAt(table, 0.0496)).toBe(2);
    expect(frameIndexAt(table, 0.2)).toBe(3);
    expect(frameIndexAt(table, 5)).toBe(4);
  });
});

describe('seekTargetFor', () => {
  const cases: Array<[string, FrameTimes, number, number]> = [
    ['30 fps WebM in 30 fps', cfrTable(30, 1, 300, 1000), 30, 1],
    ['24 fps WebM in 30 fps', cfrTable(24, 1, 200, 1000), 30, 1],
    ['60 fps MP4 (15360) in 29.97', cfrTable(60, 1, 2100, 15360), 30000, 1001],
    ['60 fps MKV (1 ms) in 29.97', cfrTable(60, 1, 2100, 1000), 30000, 1001],
    ['30 fps MP4 from 0.5 s in 30 fps', cfrTable(30, 1, 60, 15360, 0.5), 30, 1],
    ['variable rate', { frameRate: null, times: [0, 0.04, 0.05, 0.1, 0.3, 0.31], timeBaseSeconds: 0.001 }, 30, 1],
  ];

  test.each(cases)('%s: the target lies inside [times[k], times[k+1]) and Chromium shows frame k', (_name, table, num, den) => {
    for (let j = 0; j <= 1000; j++) {
      const t = compositionTime(j, num, den);
      const k = frameIndexAt(table, t);
      const target = seekTargetFor(table, t);
      expect(target).toBeGreaterThanOrEqual(table.times[k]);
      if (k + 1 < table.times.length) expect(target).toBeLessThan(table.times[k + 1]);
      expect(shownAfterSeek(table, target, false)).toBe(k);
      expect(shownAfterSeek(table, target, true)).toBe(k);
    }
  });

  test('the last frame: its time plus half the interval before it', () => {
    const table = cfrTable(30, 1, 3, 1000);
    expect(seekTargetFor(table, 10)).toBeCloseTo(0.067 + 0.017, 9);
  });

  test('a single-frame clip: its own time', () => {
    expect(seekTargetFor({ frameRate: null, times: [0.25], timeBaseSeconds: 0.001 }, 3)).toBe(0.25);
  });
});

describe('fallbackSeekTarget', () => {
  test.each([
    ['30 fps WebM in 30 fps', cfrTable(30, 1, 300, 1000)],
    ['24 fps WebM in 30 fps', cfrTable(24, 1, 200, 1000)],
    ['30 fps MP4 in 30 fps', cfrTable(30, 1, 300, 15360)],
  ])('%s: Chromium shows the nominal frame with or without target rounding', (_name, table) => {
    for (let j = 0; j < 300; j++) {
      const t = compositionTime(j, 30, 1);
      const k = frameIndexAt(table, t);
      expect(shownAfterSeek(table, fallbackSeekTarget(t), false)).toBe(k);
      expect(shownAfterSeek(table, fallbackSeekTarget(t), true)).toBe(k);
    }
  });

  test('its documented limit: a clip frame starting under 0.5 ms after t shows early', () => {
    // 60 fps clip, 29.97 composition, j = 499: t = 16.64983 s, clip frame 999 starts at 16.65 s.
    const table = cfrTable(60, 1, 1100, 1000);
    const t = compositionTime(499, 30000, 1001);
    expect(frameIndexAt(table, t)).toBe(998);
    expect(shownAfterSeek(table, fallbackSeekTarget(t), false)).toBe(999);
    expect(shownAfterSeek(table, seekTargetFor(table, t), false)).toBe(998);
  });
});
