import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { hashFile } from '../../src/composition/hash-composition.js';
import { planJob } from '../../src/jobs/plan-job.js';
import { stitchJob } from '../../src/jobs/stitch-job.js';
import { readChunkManifest } from '../../src/plan/chunk-manifest.js';
import type { JobSpec } from '../../src/plan/job-spec.js';
import { renderChunk } from '../../src/worker/render-chunk.js';
import { chunkParts, renderChunkSplit } from '../../src/worker/render-chunk-split.js';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from '../helpers/frames.js';

// A 48-frame job in 2 chunks of 24; chunk 1 (frames 24..47: its parts start mid-video) is
// rendered by 2 browsers at once, 12 frames each, and joined into one segment.
const FRAMES = 48;
const dir = makeTempDir('helios-split-chunk-');
const segments = path.join(dir, 'segments');
let spec: JobSpec;
const lines: string[] = [];
const logger = { debug: () => {}, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warning: ${m}`) };

beforeAll(async () => {
  const page = writeFixture(dir, 'page', fixtureHtml('raf', 'dom', { frames: FRAMES }));
  spec = await planJob({ input: page, output: path.join(dir, 'out.mp4'), chunks: 2, minFramesPerChunk: 1, env: process.env });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a chunk split across 2 browsers is joined into one exact segment with its manifest', async () => {
  const manifest = await renderChunkSplit({ spec, chunkIndex: 1, outDir: segments, concurrency: 2, minFramesPerPart: 1, logger, env: process.env });
  expect(lines.some((l) => l.startsWith('chunk 1 (frames 24..47) in 2 parts rendered at once (concurrency 2): frames 24..35, frames 36..47'))).toBe(true);
  const segment = path.join(segments, 'segment-0001.mp4');
  expect(await decodeFrameNumbers(segment)).toEqual(range(24, 24));
  expect(distinctSteps((await probeTimestamps(segment)).pts)).toHaveLength(1);
  // The manifest on disk is the one returned, and the stitcher's checks hold: chunk, frames, hash.
  const read = readChunkManifest(readFileSync(path.join(segments, 'segment-0001.json'), 'utf8'), 'segment-0001.json');
  expect(read.ok && read.manifest).toEqual(manifest);
  expect(manifest).toMatchObject({ jobId: spec.id, chunk: { index: 1, startFrame: 24, frameCount: 24 }, segment: 'segment-0001.mp4', frames: 24 });
  expect(manifest.segmentSha256).toBe(await hashFile(segment));
  // Nothing of the parts is left beside the segment.
  expect(readdirSync(segments).sort()).toEqual(['segment-0001.json', 'segment-0001.mp4']);

  // Stitched with chunk 0 rendered by one browser: the whole video, frame for frame.
  await renderChunk({ spec, chunkIndex: 0, outDir: segments, env: process.env });
  const stitched = await stitchJob({ spec, segmentsDir: segments, env: process.env });
  expect(await decodeFrameNumbers(stitched.output)).toEqual(range(0, FRAMES));
  expect(distinctSteps((await probeTimestamps(stitched.output)).pts)).toHaveLength(1);
});

test('the split follows the rule: one part on 2 cores, and none shorter than the minimum', () => {
  const GB = 1024 ** 3;
  expect(chunkParts({ machine: { cores: 2, freeMemoryBytes: 8 * GB } }, 300).parts).toBe(1);
  expect(chunkParts({ machine: { cores: 4, freeMemoryBytes: 8 * GB } }, 300)).toEqual({ parts: 2, why: 'concurrency 2 (4 cores, ~1.5 cores per worker)' });
  expect(chunkParts({ machine: { cores: 16, freeMemoryBytes: 64 * GB } }, 90).parts).toBe(3);
  expect(chunkParts({ concurrency: 2 }, 24).parts).toBe(1);
  expect(existsSync(path.join(segments, '.segment-0001.parts'))).toBe(false);
});
