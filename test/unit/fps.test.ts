import { formatFrameRate, frameTimeMs, parseFrameRate, secondsToFrames } from '../../src/shared/fps.js';

describe('parseFrameRate', () => {
  test.each([
    ['30', 30, 1],
    ['60', 60, 1],
    ['12.5', 25, 2],
    ['30000/1001', 30000, 1001],
    ['29.97', 30000, 1001],
    ['23.976', 24000, 1001],
    ['59.94', 60000, 1001],
    ['60/2', 30, 1],
  ])('%s is %i/%i', (text, num, den) => {
    expect(parseFrameRate(text)).toEqual({ num, den });
  });

  test.each(['abc', '0', '-30', '30/0', '', '1e3', '1000', '30fps'])('rejects %p with the flag named', (text) => {
    expect(() => parseFrameRate(text)).toThrow(/--fps must be a positive frame rate/);
  });

  test('frame times are exact fractions', () => {
    const ntsc = parseFrameRate('30000/1001');
    expect(frameTimeMs(30000, ntsc)).toBe(1001000);
    expect(formatFrameRate(ntsc)).toBe('30000/1001');
    expect(secondsToFrames(10, ntsc)).toBe(300);
  });
});
