import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CELL, CELLS, FIXTURE_HEIGHT, FIXTURE_WIDTH } from './frames.js';

const exec = promisify(execFile);

/** Every clock the renderer takes over, each driving a composition that paints its frame number. */
export const CLOCKS = [
  'raf',
  'performance-now',
  'date',
  'set-timeout',
  'set-interval',
  'css-animation',
  'css-transition',
  'web-animations',
  'video',
  'seek-hook',
] as const;
export type Clock = (typeof CLOCKS)[number];
export type Surface = 'dom' | 'canvas';

export interface FixtureOptions {
  fps?: string;
  /** fps as a number for the page's arithmetic. */
  fpsValue?: number;
  frames?: number;
  /** Extra script run after the clock's own. */
  extraScript?: string;
  extraBody?: string;
  /** The clip the `video` clock plays (default `cells.webm`, made by writeCellsVideo). */
  videoSrc?: string;
}

const HALF_FRAME = (fps: number) => 0.5 / fps;

/** CSS that colours cell k from bit k of floor(--n): the CSS clocks paint without any script. */
function cssCells(): string {
  let css = '@property --n { syntax: "<number>"; inherits: true; initial-value: 0; }\n';
  for (let k = 0; k < CELLS; k++) {
    const bit = `mod(round(down, calc(var(--n) / ${2 ** k}), 1), 2)`;
    css += `#cells > div:nth-child(${k + 1}) { background: rgb(calc(255 * ${bit}) calc(255 * ${bit}) calc(255 * ${bit})); }\n`;
  }
  return css;
}

/** How each clock drives the number; `paint(n)` draws it on the page's surface. */
function clockScript(clock: Clock, fps: number, frames: number): { css?: string; script: string } {
  const frameMs = 1000 / fps;
  const durationS = frames / fps;
  const readCss = `requestAnimationFrame(function loop() { paint(Math.floor(parseFloat(getComputedStyle(cells).getPropertyValue('--n')))); requestAnimationFrame(loop); });`;
  switch (clock) {
    case 'raf':
      return { script: `requestAnimationFrame(function loop(ts) { paint(Math.round(ts * FPS / 1000)); requestAnimationFrame(loop); });` };
    case 'performance-now':
      return { script: `requestAnimationFrame(function loop() { paint(Math.round(performance.now() * FPS / 1000)); requestAnimationFrame(loop); });` };
    case 'date':
      return { script: `const t0 = new Date().getTime(); requestAnimationFrame(function loop() { paint(Math.round((Date.now() - t0) * FPS / 1000)); requestAnimationFrame(loop); });` };
    case 'set-timeout':
      return { script: `let n = 0; paint(0); function tick() { n++; paint(n); setTimeout(tick, ${frameMs}); } setTimeout(tick, ${frameMs});` };
    case 'set-interval':
      return { script: `let n = 0; paint(0); setInterval(() => paint(++n), ${frameMs});` };
    case 'css-animation':
      return {
        css: `@keyframes count { from { --n: 0; } to { --n: ${frames}; } }\n#cells { animation: count ${durationS}s linear both; animation-delay: -${HALF_FRAME(fps)}s; }`,
        script: `if (SURFACE === 'canvas') ${readCss}`,
      };
    case 'css-transition':
      return {
        css: `#cells { transition: --n ${durationS}s linear; transition-delay: -${HALF_FRAME(fps)}s; }`,
        script: `setTimeout(() => cells.style.setProperty('--n', '${frames}'), 0); if (SURFACE === 'canvas') ${readCss}`,
      };
    case 'web-animations':
      return {
        script: `cells.animate([{ '--n': 0 }, { '--n': ${frames} }], { duration: ${durationS * 1000}, delay: -${HALF_FRAME(fps) * 1000}, easing: 'linear', fill: 'both' }); if (SURFACE === 'canvas') ${readCss}`,
      };
    case 'video':
      return {
        script: `const v = document.querySelector('video'); if (SURFACE === 'canvas') requestAnimationFrame(function loop() { ctx.drawImage(v, 0, 0); requestAnimationFrame(loop); });`,
      };
    case 'seek-hook':
      return { script: `window.helios.seek = (frame, fps) => paint(frame);` };
  }
}

/** Builds the page's HTML. The DOM surface is a row of divs; the canvas surface is one canvas. */
export function fixtureHtml(clock: Clock, surface: Surface, o: FixtureOptions = {}): string {
  const fpsValue = o.fpsValue ?? 30;
  const frames = o.frames ?? 48;
  const { css = '', script } = clockScript(clock, fpsValue, frames);
  const cssClock = clock.startsWith('css') || clock === 'web-animations';
  const cellsHidden = surface === 'canvas' ? 'position:absolute; left:-1000px; top:0;' : '';
  const cellDivs = Array.from({ length: CELLS }, () => '<div></div>').join('');
  const video = clock === 'video' ? `<video src="${o.videoSrc ?? 'cells.webm'}" autoplay muted playsinline style="display:${surface === 'dom' ? 'block' : 'none'}; width:${FIXTURE_WIDTH}px; height:${FIXTURE_HEIGHT}px"></video>` : '';
  const cellsEl = clock === 'video' && surface === 'dom' ? '' : `<div id="cells" style="${cellsHidden}">${cellDivs}</div>`;
  const canvasEl = surface === 'canvas' ? `<canvas width="${FIXTURE_WIDTH}" height="${FIXTURE_HEIGHT}"></canvas>` : '';
  return `<!doctype html>
<html><head><meta charset="utf-8"><style>
html, body { margin: 0; background: #000; overflow: hidden; }
#cells { display: flex; width: ${FIXTURE_WIDTH}px; height: ${CELL}px; }
#cells > div { width: ${CELL}px; height: ${CELL}px; background: #000; flex: none; }
canvas { display: block; }
${cssClock ? cssCells() : ''}
${css}
</style></head><body>${cellsEl}${video}${canvasEl}${o.extraBody ?? ''}
<script>
const FPS = ${fpsValue};
const SURFACE = '${surface}';
window.helios = { fps: ${JSON.stringify(o.fps ?? String(fpsValue))}, frames: ${frames}, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} };
const cells = document.getElementById('cells');
const canvas = document.querySelector('canvas');
const ctx = canvas && canvas.getContext('2d');
function paint(n) {
  if (ctx) {
    ctx.fillStyle = '#000'; ctx.fillRect(0, 0, ${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT});
    for (let k = 0; k < ${CELLS}; k++) { ctx.fillStyle = (n >> k) & 1 ? '#fff' : '#000'; ctx.fillRect(k * ${CELL}, 0, ${CELL}, ${CELL}); }
  } else if (cells) {
    for (let k = 0; k < ${CELLS}; k++) cells.children[k].style.background = (n >> k) & 1 ? '#fff' : '#000';
  }
}
${script}
${o.extraScript ?? ''}
</script></body></html>`;
}

/** A fresh temporary folder for one test file's fixtures. */
export function makeTempDir(prefix = 'helios-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes a fixture page into `dir` and returns its path. */
export function writeFixture(dir: string, name: string, html: string): string {
  const file = path.join(dir, `${name}.html`);
  writeFileSync(file, html);
  return file;
}

/** Raw grayscale frames whose cells show 0..frames-1, for a video the `video` clock plays. */
function cellFrames(frames: number): Buffer {
  const size = FIXTURE_WIDTH * FIXTURE_HEIGHT;
  const buf = Buffer.alloc(size * frames);
  for (let n = 0; n < frames; n++) {
    for (let k = 0; k < CELLS; k++) {
      if (!((n >> k) & 1)) continue;
      for (let y = 0; y < CELL; y++) buf.fill(255, n * size + y * FIXTURE_WIDTH + k * CELL, n * size + y * FIXTURE_WIDTH + (k + 1) * CELL);
    }
  }
  return buf;
}

/** Encoder arguments per codec (x264's medium preset makes B-frames: packets come in decode order). */
const CLIP_CODECS = {
  vp8: ['-c:v', 'libvpx', '-b:v', '2M'],
  vp9: ['-c:v', 'libvpx-vp9', '-b:v', '2M', '-deadline', 'realtime', '-cpu-used', '8'],
  h264: ['-c:v', 'libx264', '-preset', 'medium'],
} as const;
export type ClipCodec = keyof typeof CLIP_CODECS;

export interface CellsClipOptions {
  codec?: ClipCodec;
  /** Frame rate as ffmpeg reads it (`30`, `24`, `30000/1001`). */
  fps?: string;
  /**
   * Frames per keyframe interval: 1 by default (every frame a keyframe). Chromium seeks such a
   * clip to the keyframe nearest the target rounded to the time base, which hides timestamp
   * rounding; with longer intervals it decodes from the previous keyframe and shows the last
   * frame stored at or before the exact target, as with most real clips.
   */
  gop?: number;
  /** Extra output arguments, such as `-video_track_timescale 15360`. */
  extraArgs?: string[];
}

/** Encodes a clip whose frame n shows n in the cells, into `dir`/`name` (the container from the name's extension); returns its path. */
export async function writeCellsClip(dir: string, name: string, frames: number, o: CellsClipOptions = {}): Promise<string> {
  const raw = path.join(dir, `${name}.gray`);
  const out = path.join(dir, name);
  writeFileSync(raw, cellFrames(frames));
  await exec('ffmpeg', [
    '-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${FIXTURE_WIDTH}x${FIXTURE_HEIGHT}`, '-framerate', o.fps ?? '30', '-i', raw,
    ...CLIP_CODECS[o.codec ?? 'vp8'], '-g', String(o.gop ?? 1), ...(o.extraArgs ?? []), '-pix_fmt', 'yuv420p', out,
  ]);
  return out;
}

/** Encodes `cells.webm` (VP8) into `dir`: every frame a keyframe, so seeks land exactly. */
export async function writeCellsVideo(dir: string, frames: number, fps = '30'): Promise<void> {
  await writeCellsClip(dir, 'cells.webm', frames, { fps });
}

/**
 * Writes `dir`/`name`.html: a 256x64 canvas page (30 fps, `frames` long) that paints a number
 * as black/white cells with `paint(n)`, driven by `script` (which may use FPS).
 */
export function writeCanvasCellsPage(dir: string, name: string, script: string, frames = 60): string {
  return writeFixture(
    dir,
    name,
    `<!doctype html><html><head><style>html, body { margin: 0; background: #000; overflow: hidden; } canvas { display: block; }</style></head>
<body><canvas width="${FIXTURE_WIDTH}" height="${FIXTURE_HEIGHT}"></canvas><script>
const FPS = 30;
window.helios = { fps: 30, frames: ${frames}, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} };
const ctx = document.querySelector('canvas').getContext('2d');
function paint(n) {
  ctx.fillStyle = '#000'; ctx.fillRect(0, 0, ${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT});
  for (let k = 0; k < ${CELLS}; k++) { ctx.fillStyle = (n >> k) & 1 ? '#fff' : '#000'; ctx.fillRect(k * ${CELL}, 0, ${CELL}, ${CELL}); }
}
${script}
</script></body></html>`,
  );
}
