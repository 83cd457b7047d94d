import { rmSync } from 'node:fs';
import { planJob } from '../../src/jobs/plan-job.js';
import { silentLogger } from '../../src/shared/logger.js';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';

// The plan action's path: with neither chunks nor framesPerChunk, planJob asks chooseChunks
// (the estimate) for the count, given the page's resolved length, size and capture mode.
describe('planJob with a chunk-count chooser', () => {
  const dir = makeTempDir('helios-plan-chooser-');
  const page = writeFixture(dir, 'page', fixtureHtml('raf', 'canvas', { frames: 90 }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = { input: page, width: 256, height: 64, output: 'out.mp4', env: process.env, logger: silentLogger };

  test("the chooser sees the page's metadata and its count is used; an explicit count wins", async () => {
    const seen: unknown[] = [];
    const chooseChunks = (video: unknown) => (seen.push(video), 3);
    const spec = await planJob({ ...base, chooseChunks, minFramesPerChunk: 1 });
    expect(seen).toEqual([{ totalFrames: 90, width: 256, height: 64, mode: 'canvas' }]);
    expect(spec.chunks.map((c) => c.frameCount)).toEqual([30, 30, 30]);
    const explicit = await planJob({ ...base, chooseChunks, chunks: 2 });
    expect(explicit.chunks).toHaveLength(2);
    expect(seen).toHaveLength(1);
  }, 60_000);
});
