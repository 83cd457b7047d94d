import { rmSync } from 'node:fs';
import path from 'node:path';
import { concatSegments } from '../../src/encode/stitch-segments.js';
import { parseFrameRate } from '../../src/shared/fps.js';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const SEGMENTS = [
  { start: 0, count: 31 },
  { start: 31, count: 29 },
  { start: 60, count: 30 },
];
const TOTAL = 90;

describe.each([
  ['30', 30],
  ['30000/1001', 30000 / 1001],
])('three segments at %s fps stitched by stream copy', (fps, fpsValue) => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('decode to exactly frames 0..N-1 with one constant timestamp step', async () => {
    dir = makeTempDir();
    const page = writeFixture(dir, 'raf', fixtureHtml('raf', 'canvas', { fps, fpsValue, frames: TOTAL }));
    const segments = [];
    for (const s of SEGMENTS) {
      const out = path.join(dir, `segment-${s.start}.mp4`);
      const r = await runCli(['render', page, '-o', out, '--start-frame', String(s.start), '--frame-count', String(s.count)]);
      expectSuccess(r);
      expect(await decodeFrameNumbers(out)).toEqual(range(s.start, s.count));
      segments.push({ path: out, frameCount: s.count });
    }
    const stitched = path.join(dir, 'stitched.mp4');
    await concatSegments('ffmpeg', segments, { fps: parseFrameRate(fps), format: 'mp4', codec: 'h264' }, stitched);

    expect(await decodeFrameNumbers(stitched)).toEqual(range(0, TOTAL));
    const { pts, frames, timeBase } = await probeTimestamps(stitched);
    expect(frames).toBe(TOTAL);
    const steps = distinctSteps(pts);
    expect(steps).toHaveLength(1);
    // The one step is exactly one frame: time_base * step = den / num.
    const [tbNum, tbDen] = timeBase.split('/').map(Number);
    expect((steps[0] * tbNum) / tbDen).toBeCloseTo(1 / fpsValue, 9);
    expect(pts[0]).toBe(0);
  });
});
