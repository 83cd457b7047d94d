import { describeMixedBuilds, findMixedBuilds } from '../../src/plan/build-versions.js';

const leg = (index: number, browserVersion: string, ffmpegVersion = '7.0') => ({ chunk: { index, startFrame: index * 10, frameCount: 10 }, browserVersion, ffmpegVersion });

test('legs with the same builds are not mixed', () => {
  expect(findMixedBuilds([leg(0, 'Chrome/130'), leg(1, 'Chrome/130')])).toEqual([]);
  expect(findMixedBuilds([])).toEqual([]);
});

test('a different browser build is reported with each version and its chunks', () => {
  const mixed = findMixedBuilds([leg(0, 'Chrome/130'), leg(1, 'Chrome/131'), leg(2, 'Chrome/130')]);
  expect(mixed).toEqual([{ tool: 'browser', versions: [{ version: 'Chrome/130', chunks: [0, 2] }, { version: 'Chrome/131', chunks: [1] }] }]);
  expect(describeMixedBuilds(mixed)).toBe('browser: "Chrome/130" (chunks 0, 2) vs "Chrome/131" (chunk 1)');
});

test('ffmpeg builds are compared too, and an empty version reads as unknown', () => {
  const mixed = findMixedBuilds([leg(0, 'Chrome/130', '7.0'), leg(1, 'Chrome/130', '')]);
  expect(describeMixedBuilds(mixed)).toBe('ffmpeg: "7.0" (chunk 0) vs "unknown" (chunk 1)');
});
