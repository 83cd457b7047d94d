import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { expectSuccess, ROOT, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function render(page: string, name: string, args: string[] = []): Promise<number[]> {
  const out = path.join(dir, name);
  const r = await runCli(['render', page, '-o', out, ...args]);
  expectSuccess(r);
  return decodeFrameNumbers(out);
}

/** Same algorithm and seed as the page runtime (mulberry32, seed 0x48454c49). */
function firstSeededRandom(): number {
  let seed = 0x48454c49 >>> 0;
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

test('--seek replay steps every frame from 0 for pages whose state builds up', async () => {
  // The page counts rAF calls: only stepping every frame gives the right number mid-video.
  const page = writeFixture(dir, 'accumulate', fixtureHtml('raf', 'canvas', {
    frames: 40,
    extraScript: `let calls = 0; requestAnimationFrame(function count() { paint(calls++); requestAnimationFrame(count); });`,
  }));
  expect(await render(page, 'replay.mp4', ['--seek', 'replay', '--start-frame', '25', '--frame-count', '10'])).toEqual(range(25, 10));
  // Fast-forward (the default) ticks frames 0, 3, ..., 24 (9 calls) and a jump none: counting
  // frames needs replay.
  expect(await render(page, 'fast-forward.mp4', ['--start-frame', '25', '--frame-count', '10'])).toEqual(range(9, 10));
  expect(await render(page, 'jump.mp4', ['--seek', 'jump', '--start-frame', '25', '--frame-count', '10'])).toEqual(range(0, 10));
});

test('Math.random is seeded: the same numbers in every run', async () => {
  const page = writeFixture(dir, 'random', fixtureHtml('seek-hook', 'canvas', {
    frames: 3,
    extraScript: `const first = Math.floor(Math.random() * 256); window.helios.seek = () => paint(first);`,
  }));
  const expected = Math.floor(firstSeededRandom() * 256);
  expect(await render(page, 'random-1.mp4')).toEqual([expected, expected, expected]);
  expect(await render(page, 'random-2.mp4')).toEqual([expected, expected, expected]);
});

test('web fonts and images are loaded before frame 0', async () => {
  copyFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', path.join(dir, 'test-font.ttf'));
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=64x64', '-frames:v', '1', path.join(dir, 'red.png')]);
  // bit 0: the font is loaded (though nothing used it before frame 0); bit 1: it changes text metrics; bit 2: the image is decoded.
  const page = writeFixture(dir, 'assets', fixtureHtml('seek-hook', 'canvas', {
    frames: 2,
    extraBody: `<img id="img" src="red.png" style="position:absolute; left:-500px">`,
    extraScript: `
      const style = document.createElement('style');
      style.textContent = "@font-face { font-family: HeliosTestFont; src: url(test-font.ttf); }";
      document.head.appendChild(style);
      window.helios.seek = () => {
        const loaded = document.fonts.check('20px HeliosTestFont') && [...document.fonts].some((f) => f.family === 'HeliosTestFont' && f.status === 'loaded');
        ctx.font = '20px HeliosTestFont, monospace'; const withFont = ctx.measureText('Helios iiii').width;
        ctx.font = '20px monospace'; const fallback = ctx.measureText('Helios iiii').width;
        const img = document.getElementById('img');
        paint((loaded ? 1 : 0) | (withFont !== fallback ? 2 : 0) | (img.complete && img.naturalWidth === 64 ? 4 : 0));
      };`,
  }));
  expect(await render(page, 'assets.mp4')).toEqual([7, 7]);
});

test('webm output (VP9) is frame-exact too', async () => {
  const page = writeFixture(dir, 'webm', fixtureHtml('raf', 'dom', { frames: 30 }));
  expect(await render(page, 'out.webm')).toEqual(range(0, 30));
  const codec = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', path.join(dir, 'out.webm')]).toString().trim();
  expect(codec).toBe('vp9');
});

test('29.97 means 30000/1001 and the output carries it', async () => {
  const page = writeFixture(dir, 'ntsc', fixtureHtml('raf', 'canvas', { fps: '29.97', fpsValue: 30000 / 1001, frames: 30 }));
  expect(await render(page, 'ntsc.mp4')).toEqual(range(0, 30));
  const rate = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=r_frame_rate,avg_frame_rate', '-of', 'csv=p=0', path.join(dir, 'ntsc.mp4')]).toString().trim();
  expect(rate).toBe('30000/1001,30000/1001');
});

describe('helios probe', () => {
  test('prints the page metadata and the detected mode as JSON', async () => {
    const page = writeFixture(dir, 'probe-canvas', fixtureHtml('raf', 'canvas', { fps: '30000/1001', fpsValue: 30000 / 1001, frames: 90 }));
    const r = await runCli(['probe', page]);
    expectSuccess(r);
    const meta = JSON.parse(r.stdout);
    expect(meta).toMatchObject({ fps: '30000/1001', frames: 90, width: 256, height: 64, mode: 'canvas', sources: { fps: 'page', size: 'page', duration: 'page' } });
    expect(meta.durationSeconds).toBeCloseTo(3.003, 6);
  });

  test('flags override the page; a DOM page is dom mode', async () => {
    const page = writeFixture(dir, 'probe-dom', fixtureHtml('css-animation', 'dom', { frames: 90 }));
    const r = await runCli(['probe', page, '--fps', '24', '--width', '640', '--height', '360', '--duration', '2']);
    expectSuccess(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ fps: '24', frames: 48, width: 640, height: 360, mode: 'dom', sources: { fps: 'flag', size: 'flag', duration: 'flag' } });
  });

  test('a page without window.helios gets the defaults', async () => {
    const page = writeFixture(dir, 'plain', '<p>plain page</p>');
    const r = await runCli(['probe', page]);
    expectSuccess(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ fps: '30', width: 1280, height: 720, frames: null, mode: 'dom', sources: { fps: 'default', size: 'default' } });
  });
});

test.each(['canvas-raf', 'dom-css', 'web-animations', 'seek-timeline', 'video-element', 'web-font'])(
  'example %s declares 1280x720 at 30 fps and renders moving, non-blank frames',
  async (name) => {
    const folder = path.join(ROOT, 'examples', name);
    const probe = await runCli(['probe', folder]);
    expectSuccess(probe);
    expect(JSON.parse(probe.stdout)).toMatchObject({ width: 1280, height: 720, fps: '30' });
    const out = path.join(dir, `${name}.mp4`);
    expectSuccess(await runCli(['render', folder, '-o', out, '--start-frame', '45', '--frame-count', '6']));
    // Per-frame MD5 of the decoded pixels: the picture moves, and is not one flat colour.
    const md5 = execFileSync('ffmpeg', ['-v', 'error', '-i', out, '-f', 'framemd5', '-']).toString().split('\n').filter((l) => /^0,/.test(l));
    expect(md5).toHaveLength(6);
    expect(new Set(md5.map((l) => l.split(',').pop())).size).toBeGreaterThan(1);
    const stats = execFileSync('ffprobe', ['-v', 'error', '-f', 'lavfi', '-i', `movie=${out},signalstats`, '-show_entries', 'frame_tags=lavfi.signalstats.YMIN,lavfi.signalstats.YMAX', '-of', 'csv=p=0']).toString().trim().split('\n');
    const [ymin, ymax] = stats[0].split(',').map(Number);
    expect(ymax - ymin).toBeGreaterThan(30);
  },
);

test('animations that reach their end finish for real (finished, onfinish, animationend)', async () => {
  const page = writeFixture(dir, 'finish', fixtureHtml('seek-hook', 'canvas', {
    frames: 20,
    extraBody: `<div id="css" style="animation: grow 200ms linear forwards"></div><style>@keyframes grow { to { width: 50px; } }</style>`,
    extraScript: `
      let bits = 0;
      const a = document.getElementById('css').animate([{ opacity: 1 }, { opacity: 0.5 }], { duration: 300, fill: 'forwards' });
      a.finished.then(() => { bits |= 1; });
      a.onfinish = () => { bits |= 2; };
      document.getElementById('css').addEventListener('animationend', () => { bits |= 4; });
      window.helios.seek = () => paint(bits);`,
  }));
  const frames = await render(page, 'finish.mp4');
  // 200 ms = frame 6 for the CSS animation, 300 ms = frame 9 for the Web Animation; events land by the next frame.
  expect(frames.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  expect(frames.slice(11)).toEqual(Array(9).fill(7));
});
