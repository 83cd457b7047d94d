import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { callPage } from '../../src/browser/call-page.js';
import { loadComposition } from '../../src/composition/load-composition.js';
import { captureFrames } from '../../src/render/capture-frames.js';
import { chooseCapturer } from '../../src/render/choose-capturer.js';
import { resolveRenderOptions } from '../../src/render/render-options.js';
import { fixtureHtml, makeTempDir, writeCellsVideo, writeFixture, type Clock, type Surface } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

/**
 * DOM capture via beginFrame seeks frame i + 1 while frame i is drawn, read back and
 * encoded (seekPipelined in the page runtime); canvas capture starts on frame i + 1 as soon
 * as it has taken frame i (seekNext). These tests show that the overlap happens, where it
 * is turned off, and that no frame shows its successor's state (the clock tests check
 * every clock on every capture path as well). The captures go through renderVideo's own
 * loop (captureFrames), so what is tested is what renders.
 */
const FRAMES = 24;
let dir: string;
beforeAll(async () => {
  dir = makeTempDir();
  await writeCellsVideo(dir, FRAMES);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Captures every frame through renderVideo's own loop (captureFrames); returns how many
 * frames the page had sought ahead, the frames each call took after the first (more than
 * one for the page encoder's ranges) and the frame numbers the images show.
 */
async function captureAll(page: string, mode: 'dom' | 'canvas' = 'dom', canvasEncoder?: 'webcodecs' | 'jpeg'): Promise<{ shown: number[]; calls: number[]; seeksAhead: number; method: string }> {
  const o = resolveRenderOptions({ input: page, output: path.join(dir, 'unused.mp4'), mode, canvasEncoder, seek: 'jump', env: process.env });
  const loaded = await loadComposition({ ...o, metadata: o.metadata });
  try {
    const capturer = await chooseCapturer(loaded, o);
    const parts: Buffer[] = [];
    const calls: number[] = [];
    for await (const step of captureFrames(loaded, capturer, { startFrame: 0, frameCount: FRAMES }, o)) {
      parts.push(step.data);
      if (step.frame > 0 && step.count > 0) calls.push(step.count);
    }
    const seeksAhead = await callPage(loaded.tab.page, 'seeksAhead');
    const file = path.join(dir, `${path.basename(page)}.${capturer.output === 'jpeg' ? 'mjpeg' : 'h264'}`);
    writeFileSync(file, Buffer.concat(parts));
    return { shown: await decodeFrameNumbers(file), calls, seeksAhead, method: capturer.method };
  } finally {
    await loaded.close();
  }
}

test('every frame after the first plain seek was sought ahead, and each shows its own number', async () => {
  const page = writeFixture(dir, 'raf-dom', fixtureHtml('raf', 'dom', { frames: FRAMES }));
  const { shown, seeksAhead, method } = await captureAll(page);
  expect(method).toBe('beginframe');
  expect(shown).toEqual(range(0, FRAMES));
  // Frame 1 is sought on the spot (nothing was armed during the warm-up); 2..23 were ready.
  expect(seeksAhead).toBe(FRAMES - 2);
});

test('a page with a <video> is sought frame by frame: its pictures reach the compositor outside the main frame', async () => {
  const page = writeFixture(dir, 'video-dom', fixtureHtml('video', 'dom', { frames: FRAMES }));
  const { shown, seeksAhead } = await captureAll(page);
  expect(shown).toEqual(range(0, FRAMES));
  expect(seeksAhead).toBe(0);
});

test.each(['webcodecs', 'jpeg'] as const)('canvas capture (%s) seeks the next frame once it has taken the canvas', async (encoder) => {
  const page = writeFixture(dir, `raf-canvas-${encoder}`, fixtureHtml('raf', 'canvas', { frames: FRAMES }));
  const { shown, seeksAhead, method } = await captureAll(page, 'canvas', encoder);
  expect(method).toBe(encoder === 'jpeg' ? 'canvas-jpeg' : 'webcodecs');
  expect(shown).toEqual(range(0, FRAMES));
  expect(seeksAhead).toBe(FRAMES - 2);
});

/** The page's encoder: frame 0, then ranges. */
async function captureRanges(page: string) {
  const captured = await captureAll(page, 'canvas', 'webcodecs');
  expect(captured.method).toBe('webcodecs');
  return captured;
}

test('the page encoder takes a range of frames per call, each frame showing its own number', async () => {
  const page = writeFixture(dir, 'raf-canvas-range', fixtureHtml('raf', 'canvas', { frames: FRAMES }));
  const { calls, shown, seeksAhead } = await captureRanges(page);
  expect(shown).toEqual(range(0, FRAMES));
  expect(calls.reduce((a, b) => a + b, 0)).toBe(FRAMES - 1);
  // 23 frames of a tiny canvas fit in one call's time budget.
  expect(calls.length).toBeLessThan(FRAMES - 1);
  expect(seeksAhead).toBe(FRAMES - 2);
});

test('a range stops after every frame of a page with animations: their rendering steps run between frames', async () => {
  const page = writeFixture(dir, 'css-animation-canvas-range', fixtureHtml('css-animation', 'canvas', { frames: FRAMES }));
  const { calls, shown, seeksAhead } = await captureRanges(page);
  expect(shown).toEqual(range(0, FRAMES));
  expect(calls).toEqual(range(0, FRAMES - 1).map(() => 1));
  expect(seeksAhead).toBe(0);
});

test('canvas capture of a page with animations seeks frame by frame: their rendering steps run between frames', async () => {
  const page = writeFixture(dir, 'css-animation-canvas', fixtureHtml('css-animation', 'canvas', { frames: FRAMES }));
  const { shown, seeksAhead } = await captureAll(page, 'canvas', 'jpeg');
  expect(shown).toEqual(range(0, FRAMES));
  expect(seeksAhead).toBe(0);
});

// A seek ahead that changes a canvas, a CSS animation or the DOM must not reach the frame being drawn.
describe.each<[Clock, Surface]>([
  ['set-timeout', 'canvas'],
  ['css-animation', 'dom'],
  ['web-animations', 'dom'],
  ['seek-hook', 'canvas'],
])('%s on a %s surface, rendered in dom mode', (clock, surface) => {
  test('frame i shows i, also from mid-video', async () => {
    const page = writeFixture(dir, `${clock}-${surface}-pipelined`, fixtureHtml(clock, surface, { frames: FRAMES }));
    const full = path.join(dir, `${clock}-${surface}-full.mp4`);
    const r = await runCli(['render', page, '-o', full, '--mode', 'dom']);
    expectSuccess(r);
    expect(r.stderr).toContain('dom mode (beginframe)');
    expect(await decodeFrameNumbers(full)).toEqual(range(0, FRAMES));
    const part = path.join(dir, `${clock}-${surface}-part.mp4`);
    expectSuccess(await runCli(['render', page, '-o', part, '--mode', 'dom', '--start-frame', '9', '--frame-count', '7']));
    expect(await decodeFrameNumbers(part)).toEqual(range(9, 7));
  });
});

test('--seek replay is pipelined too and still steps every frame', async () => {
  const page = writeFixture(dir, 'accumulate-dom', fixtureHtml('raf', 'dom', {
    frames: FRAMES,
    extraScript: `let calls = 0; requestAnimationFrame(function count() { paint(calls++); requestAnimationFrame(count); });`,
  }));
  const out = path.join(dir, 'replay-dom.mp4');
  expectSuccess(await runCli(['render', page, '-o', out, '--seek', 'replay', '--start-frame', '10', '--frame-count', '8']));
  expect(await decodeFrameNumbers(out)).toEqual(range(10, 8));
});
