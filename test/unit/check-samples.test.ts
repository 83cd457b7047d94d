import { defaultSampleFrames, parseFrameList, parseSampleFrames, pickSampleFrames } from '../../src/render/check-samples.js';
import { MATCH_PSNR_DB, compareFrames, type FrameDifference } from '../../src/render/compare-frames.js';
import { splitVerdict, type SampleCheck } from '../../src/render/check-split.js';

const fps30 = { num: 30, den: 1 };

describe('split check sample frames', () => {
  it('spreads four frames over the first 10 seconds: quarter, half, three quarters, last', () => {
    expect(defaultSampleFrames(3000, fps30)).toEqual([75, 150, 225, 299]);
    expect(defaultSampleFrames(1000, { num: 24, den: 1 })).toEqual([60, 120, 180, 239]);
    // 10 s at 29.97 fps is 299.7 frames: 300.
    expect(defaultSampleFrames(1000, { num: 30000, den: 1001 })).toEqual([75, 150, 225, 299]);
  });

  it('covers the whole composition when it is shorter than 10 seconds', () => {
    expect(defaultSampleFrames(60, fps30)).toEqual([15, 30, 45, 59]);
  });

  it('never picks frame 0 and drops duplicates in short compositions', () => {
    expect(defaultSampleFrames(2, fps30)).toEqual([1]);
    expect(defaultSampleFrames(3, fps30)).toEqual([1, 2]);
    expect(defaultSampleFrames(5, fps30)).toEqual([1, 2, 3, 4]);
  });

  it('takes the user\'s frames sorted and deduplicated', () => {
    expect(pickSampleFrames(1000, fps30, parseFrameList('900, 30,150,30'))).toEqual([30, 150, 900]);
    expect(pickSampleFrames(1000, fps30, [5, 2])).toEqual([2, 5]);
  });

  it('refuses frames that are not whole, are 0, or lie beyond the end', () => {
    expect(() => parseSampleFrames('30,abc', 100)).toThrow('"abc" is not a whole number');
    expect(() => parseSampleFrames('0,30', 100)).toThrow('every render starts at frame 0');
    expect(() => parseSampleFrames('100', 100)).toThrow('the composition has 100 frames (0..99)');
    expect(() => parseSampleFrames(' , ', 100)).toThrow('at least one frame number');
    expect(() => pickSampleFrames(1, fps30)).toThrow('a single frame');
  });
});

describe('frame comparison and verdict', () => {
  it('reports identical frames with no PSNR, and the largest difference otherwise', () => {
    const a = Buffer.from([0, 10, 200, 255]);
    expect(compareFrames(a, Buffer.from(a))).toEqual({ identical: true, matches: true, maxDifference: 0, psnr: null });
    const d = compareFrames(a, Buffer.from([0, 12, 190, 255]));
    expect(d.identical).toBe(false);
    expect(d.maxDifference).toBe(10);
    // MSE = (4 + 100) / 4 = 26
    expect(d.psnr).toBeCloseTo(10 * Math.log10((255 * 255) / 26), 6);
    expect(d.matches).toBe(false);
  });

  it('counts a few edge pixels a few levels off (rasterization) as the same picture', () => {
    const a = Buffer.alloc(256 * 64 * 3, 80);
    const b = Buffer.from(a);
    for (let i = 0; i < 20; i++) b[i * 97] += 30;
    const d = compareFrames(a, b);
    expect(d.identical).toBe(false);
    expect(d.psnr!).toBeGreaterThanOrEqual(MATCH_PSNR_DB);
    expect(d.matches).toBe(true);
  });

  it('blames replayable state only when replay fixes every differing frame', () => {
    const same: FrameDifference = { identical: true, matches: true, maxDifference: 0, psnr: null };
    const differs: FrameDifference = { identical: false, matches: false, maxDifference: 255, psnr: 6 };
    const sample = (frame: number, difference: FrameDifference, replay?: FrameDifference): SampleCheck => ({ frame, difference, replay });
    expect(splitVerdict([sample(1, same), sample(2, same)])).toBe('safe');
    expect(splitVerdict([sample(1, same), sample(2, differs, same)])).toBe('needs-replay');
    expect(splitVerdict([sample(1, differs, same), sample(2, differs, differs)])).toBe('not-split-safe');
    // Tested under replay already: nothing to retry with.
    expect(splitVerdict([sample(1, differs)])).toBe('not-split-safe');
  });
});
