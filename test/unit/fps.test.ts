import { flagName } from '../../src/cli/render-flags.js';
import { InvalidOptionError } from '../../src/shared/errors.js';
import { formatFrameRate, frameTimeMs, parseFrameRate, secondsToFrames } from '../../src/shared/fps.js';

function catchError(fn: () => unknown): InvalidOptionError {
  try {
    fn();
  } catch (error) {
    return error as InvalidOptionError;
  }
  throw new Error('expected an error');
}

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

  test.each(['abc', '0', '-30', '30/0', '', '1e3', '1000', '30fps'])('rejects %p with the option named (the CLI prints the flag)', (text) => {
    const error = catchError(() => parseFrameRate(text));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe('fps');
    expect(error.messageFor(flagName)).toMatch(/^--fps must be a positive frame rate/);
  });

  test('a value the page gave is named as it is', () => {
    const error = catchError(() => parseFrameRate('fast', 'window.helios.fps'));
    expect(error.option).toBeUndefined();
    expect(error.messageFor(flagName)).toMatch(/^window\.helios\.fps must be a positive frame rate/);
  });

  test('frame times are exact fractions', () => {
    const ntsc = parseFrameRate('30000/1001');
    expect(frameTimeMs(30000, ntsc)).toBe(1001000);
    expect(formatFrameRate(ntsc)).toBe('30000/1001');
    expect(secondsToFrames(10, ntsc)).toBe(300);
  });
});
