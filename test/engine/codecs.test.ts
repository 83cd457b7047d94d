import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

// Codecs beyond H.264/VP9, rendered in one process and split in three chunks whose
// segments are joined by stream copy: the frames must be exact either way. (ProRes and VP9
// splits, alpha included, are in transparency.test.ts; WebM's millisecond steps too.)

const FRAMES = 24;
let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function probeStream(file: string): { codec: string; tag: string; pixFmt: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,codec_tag_string,pix_fmt', '-of', 'json', file], { encoding: 'utf8' });
  const s = (JSON.parse(out) as { streams: Array<{ codec_name: string; codec_tag_string: string; pix_fmt: string }> }).streams[0];
  return { codec: s.codec_name, tag: s.codec_tag_string, pixFmt: s.pix_fmt };
}

const hasEncoder = (name: string) => execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' }).includes(` ${name} `);

/** Every frame decodes to its number and sits at i / 30 s: one constant step in MP4/MOV, within a tick in WebM (milliseconds). */
async function expectExact(file: string): Promise<void> {
  expect(await decodeFrameNumbers(file)).toEqual(range(0, FRAMES));
  const { frames, pts, timeBase } = await probeTimestamps(file);
  expect(frames).toBe(FRAMES);
  if (timeBase !== '1/1000') expect(distinctSteps(pts)).toHaveLength(1);
  const [num, den] = timeBase.split('/').map(Number);
  pts.forEach((p, i) => expect(Math.abs(((p - pts[0]) * num) / den - i / 30)).toBeLessThanOrEqual(num / den));
}

test('H.265 is tagged hvc1 and frame-exact after a stitch of three segments', async () => {
  const page = writeFixture(dir, 'h265', fixtureHtml('raf', 'canvas', { frames: FRAMES }));
  const out = path.join(dir, 'h265.mp4');
  const r = await runCli(['render', page, '-o', out, '--codec', 'h265', '--concurrency', '3', '--min-frames-per-chunk', '8', '--jobs-dir', path.join(dir, 'jobs')]);
  expectSuccess(r);
  expect(r.stderr).toMatch(/with 3 chunks/);
  expect(probeStream(out)).toEqual({ codec: 'hevc', tag: 'hvc1', pixFmt: 'yuv420p' });
  await expectExact(out);
});

test('H.265 in one process is tagged hvc1 too', async () => {
  const page = writeFixture(dir, 'h265-one', fixtureHtml('raf', 'dom', { frames: FRAMES }));
  const out = path.join(dir, 'h265-one.mp4');
  expectSuccess(await runCli(['render', page, '-o', out, '--codec', 'h265']));
  expect(probeStream(out).tag).toBe('hvc1');
  await expectExact(out);
});

(hasEncoder('libsvtav1') ? test : test.skip)('AV1 (SVT-AV1) in mp4 is frame-exact', async () => {
  const page = writeFixture(dir, 'av1', fixtureHtml('raf', 'canvas', { frames: FRAMES }));
  for (const ext of ['mp4']) {
    const out = path.join(dir, `av1.${ext}`);
    expectSuccess(await runCli(['render', page, '-o', out, '--codec', 'av1']));
    expect(probeStream(out).codec).toBe('av1');
    await expectExact(out);
  }
});
