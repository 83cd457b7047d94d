import { parseSequencePattern } from '../../src/encode/png-sequence.js';

describe('parseSequencePattern', () => {
  test.each([
    ['frames/%05d.png', { dir: 'frames', pattern: '%05d.png' }],
    ['%d.png', { dir: '.', pattern: '%d.png' }],
    ['/tmp/out/shot-%03d-final.PNG', { dir: '/tmp/out', pattern: 'shot-%03d-final.PNG' }],
    ['a/b/frame_%010d.png', { dir: 'a/b', pattern: 'frame_%010d.png' }],
  ])('%s is a sequence', (output, expected) => {
    expect(parseSequencePattern(output)).toEqual(expected);
  });

  test.each([
    ['out.png', 'no number'],
    ['out.mp4', 'not a PNG'],
    ['frames/%05d.jpg', 'not a PNG'],
    ['frames/%05d.png.gif', 'not a PNG'],
    ['frames/%d-%d.png', 'two numbers'],
    ['frames/%5d.png', 'space padding'],
    ['frames/%00d.png', 'zero width'],
    ['frames/%s.png', 'not %d'],
    ['frames/100%.png', 'a bare %'],
    ['frames/%%%d.png', 'an escaped %'],
    ['%d/frame.png', 'the number in the folder'],
    ['run-%d/%04d.png', 'a % in the folder'],
  ])('%s is not (%s)', (output) => {
    expect(parseSequencePattern(output)).toBeNull();
  });
});
