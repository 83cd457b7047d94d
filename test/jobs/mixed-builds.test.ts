import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const dir = makeTempDir('helios-mixed-builds-');
const job = path.join(dir, 'job.json');
const segments = path.join(dir, 'segments');
const out = path.join(dir, 'out.mp4');
const FRAMES = 12;

// Two small chunks rendered once; then one manifest is made to name another browser build,
// as if its leg had run on a runner with a different Chrome.
beforeAll(async () => {
  const page = writeFixture(dir, 'page', fixtureHtml('raf', 'dom', { frames: FRAMES }));
  expectSuccess(await runCli(['plan', page, '-o', job, '--video', out, '--chunks', '2', '--min-frames-per-chunk', '1']));
  for (const chunk of ['0', '1']) expectSuccess(await runCli(['render-chunk', '--job', job, '--chunk', chunk, '--out-dir', segments]));
  const manifestFile = path.join(segments, 'segment-0001.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.browserVersion = 'HeadlessChrome/1.2.3.4 (another runner)';
  writeFileSync(manifestFile, JSON.stringify(manifest));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('stitch refuses segments whose manifests name different browser builds, naming the chunks and versions', async () => {
  const original = JSON.parse(readFileSync(path.join(segments, 'segment-0000.json'), 'utf8')).browserVersion;
  const r = await runCli(['stitch', '--job', job, '--segments', segments]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`browser: ${JSON.stringify(original)} (chunk 0) vs "HeadlessChrome/1.2.3.4 (another runner)" (chunk 1)`);
  expect(r.stderr).toContain('--allow-mixed-builds');
  expect(r.stderr).not.toContain('ffmpeg:');
  expect(existsSync(out)).toBe(false);
});

test('with --allow-mixed-builds it stitches them, frame-exact, and warns', async () => {
  const r = await runCli(['stitch', '--job', job, '--segments', segments, '--allow-mixed-builds']);
  expectSuccess(r);
  expect(r.stderr).toContain('stitching them anyway (mixed builds allowed)');
  expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
});

test('the plan records its browser build, and render-chunk refuses to draw a chunk with any other', async () => {
  const spec = JSON.parse(readFileSync(job, 'utf8'));
  const drawnWith = JSON.parse(readFileSync(path.join(segments, 'segment-0000.json'), 'utf8')).browserVersion;
  expect(spec.browser.build).toBe(drawnWith);
  expect(spec.browser.build).toMatch(/^HeadlessChrome\/\d+\./);

  const other = path.join(dir, 'job-other-build.json');
  writeFileSync(other, JSON.stringify({ ...spec, browser: { build: 'HeadlessChrome/1.2.3.4' } }));
  const outDir = path.join(dir, 'other-build-segments');
  const r = await runCli(['render-chunk', '--job', other, '--chunk', '0', '--out-dir', outDir]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`this worker's browser is ${drawnWith}, but the job was planned with HeadlessChrome/1.2.3.4`);
  expect(r.stderr).toContain('--no-pin-browser');
  expect(existsSync(path.join(outDir, 'segment-0000.mp4'))).toBe(false);
});

test('helios plan --no-pin-browser records no build', async () => {
  const unpinned = path.join(dir, 'job-unpinned.json');
  expectSuccess(await runCli(['plan', path.join(dir, 'page.html'), '-o', unpinned, '--video', out, '--no-pin-browser']));
  expect(JSON.parse(readFileSync(unpinned, 'utf8')).browser).toEqual({ build: null });
});
