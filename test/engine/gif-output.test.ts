import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeGif } from '../../src/encode/make-gif.js';
import { EncodeError } from '../../src/shared/errors.js';
import { parseFrameRate } from '../../src/shared/fps.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { range } from '../helpers/frames.js';
import { parseGif } from '../helpers/gif.js';
import { decodeRgba, expectedBottom, readFrame, TOTAL, writeJoinedIntermediate } from '../helpers/intermediates.js';

const exec = promisify(execFile);

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const joined = new Map<string, Promise<string>>();
/** The joined intermediate for a frame rate and alpha, made once per file. */
function intermediate(fps: string, alpha: boolean): Promise<string> {
  const key = `${fps}-${alpha}`;
  if (!joined.has(key)) {
    const sub = path.join(dir, key.replace('/', '_'));
    mkdirSync(sub);
    joined.set(key, writeJoinedIntermediate(sub, fps, alpha));
  }
  return joined.get(key)!;
}

test('intermediate chunks joined by stream copy: every frame once, in order, all keyframes', async () => {
  for (const alpha of [false, true]) {
    const file = await intermediate('30', alpha);
    const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt:packet=flags', '-of', 'json', file]);
    const info = JSON.parse(stdout) as { streams: Array<{ codec_name: string; pix_fmt: string }>; packets: Array<{ flags: string }> };
    expect(info.streams[0]).toEqual({ codec_name: 'ffv1', pix_fmt: alpha ? 'bgra' : 'bgr0' });
    expect(info.packets).toHaveLength(TOTAL);
    expect(info.packets.every((p) => p.flags.startsWith('K'))).toBe(true);
    const frames = (await decodeRgba(file)).map(readFrame);
    expect(frames.map((f) => f.n)).toEqual(range(0, TOTAL));
    expect(frames.map((f) => f.bottom)).toEqual(range(0, TOTAL).map((n) => expectedBottom(n, alpha)));
  }
});

/** Start of GIF frame k in centiseconds: the exact time rounded to the nearest cs. */
const startCs = (k: number, everyNth: number, fps: { num: number; den: number }) => Math.round((k * everyNth * 100 * fps.den) / fps.num);

// Each rate, N and loop count at least once (gif-render.test.ts renders real pages too).
describe.each([
  ['30', 3, 0],
  ['24', 1, 2],
  ['30000/1001', 1, null],
] as const)('GIF at %s fps, every %i frame(s), gifLoops %p', (fpsText, everyNthFrame, gifLoops) => {
  test('frames, delays, one palette and the loop count', async () => {
    const fps = parseFrameRate(fpsText);
    const output = path.join(dir, `out-${fpsText.replace('/', '_')}-${everyNthFrame}.gif`);
    await makeGif({ ffmpeg: 'ffmpeg', input: await intermediate(fpsText, false), output, fps, everyNthFrame, gifLoops, alpha: false });

    const kept = range(0, TOTAL).filter((n) => n % everyNthFrame === 0);
    const frames = (await decodeRgba(output)).map(readFrame);
    expect(frames.map((f) => f.n)).toEqual(kept);
    expect(frames.map((f) => f.bottom)).toEqual(kept.map((n) => expectedBottom(n, false)));

    const gif = parseGif(readFileSync(output));
    expect(gif.frames).toHaveLength(kept.length);
    // Each frame starts at its exact time rounded to the cs, so the delays add up to the duration.
    const starts = range(0, kept.length + 1).map((k) => startCs(k, everyNthFrame, fps));
    expect(gif.frames.map((f) => f.delay)).toEqual(starts.slice(1).map((s, k) => s - starts[k]));
    expect(gif.frames.reduce((sum, f) => sum + f.delay, 0)).toBe(Math.round((kept.length * everyNthFrame * 100 * fps.den) / fps.num));

    // One palette: the global table, which also holds the red only the last third of the video shows.
    expect(gif.globalColorTableSize).toBe(256);
    expect(gif.globalColors).toContain(0xff0000);
    expect(gif.frames.slice(1).filter((f) => f.localColorTable)).toEqual([]);
    // ffmpeg before 6 also writes the first frame's colours as a local table: a subset of the global one.
    for (const color of gif.frames[0].localColors ?? []) expect(gif.globalColors).toContain(color);

    expect(gif.loopCount).toBe(gifLoops === null ? 0 : gifLoops === 0 ? null : gifLoops);
  });
});

test('with alpha, every frame keeps its transparent and opaque pixels (opaque and translucent frames alternate)', async () => {
  const output = path.join(dir, 'alpha.gif');
  await makeGif({ ffmpeg: 'ffmpeg', input: await intermediate('30', true), output, fps: { num: 30, den: 1 }, everyNthFrame: 1, gifLoops: null, alpha: true });
  const frames = (await decodeRgba(output)).map(readFrame);
  expect(frames.map((f) => f.n)).toEqual(range(0, TOTAL));
  // Transparent pixels read back as transparent, whatever colour the decoder gives them.
  const alphaOf = (bottom: number[]) => (bottom[3] === 0 ? [0] : bottom);
  expect(frames.map((f) => alphaOf(f.bottom))).toEqual(range(0, TOTAL).map((n) => alphaOf(expectedBottom(n, true))));
  const gif = parseGif(readFileSync(output));
  expect(gif.frames.every((f) => f.disposal === 2)).toBe(true);
});

describe('the palette file', () => {
  const tmp = () => path.join(dir, 'tmp');
  const saved = process.env.TMPDIR;
  beforeEach(() => {
    rmSync(tmp(), { recursive: true, force: true });
    mkdirSync(tmp());
    process.env.TMPDIR = tmp(); // os.tmpdir(), where makeGif puts the palette
  });
  afterEach(() => {
    process.env.TMPDIR = saved;
    if (saved === undefined) delete process.env.TMPDIR;
  });

  test('is removed after a GIF is made', async () => {
    const output = path.join(dir, 'palette-ok.gif');
    await makeGif({ ffmpeg: 'ffmpeg', input: await intermediate('30', false), output, fps: { num: 30, den: 1 }, everyNthFrame: 3, gifLoops: null, alpha: false });
    expect(readdirSync(tmp())).toEqual([]);
  });

  test('is removed when the second pass fails', async () => {
    const output = path.join(dir, 'no-such-folder', 'out.gif');
    await expect(makeGif({ ffmpeg: 'ffmpeg', input: await intermediate('30', false), output, fps: { num: 30, den: 1 }, everyNthFrame: 1, gifLoops: null, alpha: false })).rejects.toThrow(EncodeError);
    expect(readdirSync(tmp())).toEqual([]);
  });
});

test('parseGif reads what ffmpeg writes: size, delays, loop count or none', async () => {
  for (const [loop, expected] of [['3', 3], ['0', 0], ['-1', null]] as const) {
    const file = path.join(dir, `lavfi-${loop}.gif`);
    await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=48x16:r=10:d=0.5', '-loop', loop, file]);
    const gif = parseGif(readFileSync(file));
    expect(gif).toMatchObject({ width: 48, height: 16, globalColorTableSize: 256, loopCount: expected });
    expect(gif.frames.map((f) => f.delay)).toEqual([10, 10, 10, 10, 10]);
  }
});
