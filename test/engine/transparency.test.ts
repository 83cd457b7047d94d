import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { CELL, CELLS, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const exec = promisify(execFile);

// Pages with no background: the frame number in opaque black/white cells along the top, and
// an opaque red square moving along the row below. Everything else must come out transparent.
const W = CELLS * CELL;
const H = 96;
const FPS = 12;
const FRAMES = 18;
/** The square: SIZE px, at x = frame * STEP, rows TOP..TOP+SIZE. */
const SQUARE = { top: 48, size: 32, step: 12 };

const PAINT = `
function paint(n) {
  PAINT_CELLS
  PAINT_SQUARE
}
requestAnimationFrame(function loop(ts) { paint(Math.round(ts * ${FPS} / 1000)); requestAnimationFrame(loop); });`;
const META = `window.helios = { fps: ${FPS}, frames: ${FRAMES}, width: ${W}, height: ${H} };`;

/** DOM: html and body set no background (the renderer must not paint its default white). */
function domPage(): string {
  const cells = Array.from({ length: CELLS }, () => '<div></div>').join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; overflow: hidden; }
#cells { display: flex; width: ${W}px; height: ${CELL}px; }
#cells > div { width: ${CELL}px; height: ${CELL}px; background: #000; flex: none; }
#square { position: absolute; left: 0; top: ${SQUARE.top}px; width: ${SQUARE.size}px; height: ${SQUARE.size}px; background: #f00; }
</style></head><body><div id="cells">${cells}</div><div id="square"></div><script>
${META}
const cells = document.getElementById('cells');
const square = document.getElementById('square');
${PAINT.replace('PAINT_CELLS', `for (let k = 0; k < ${CELLS}; k++) cells.children[k].style.background = (n >> k) & 1 ? '#fff' : '#000';`).replace(
  'PAINT_SQUARE',
  `square.style.transform = 'translateX(' + n * ${SQUARE.step} + 'px)';`,
)}
</script></body></html>`;
}

/** Canvas: a 2D canvas cleared every frame (clearRect), so only what is drawn is opaque. */
function canvasPage(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>html, body { margin: 0; overflow: hidden; } canvas { display: block; }</style></head>
<body><canvas width="${W}" height="${H}"></canvas><script>
${META}
const ctx = document.querySelector('canvas').getContext('2d');
${PAINT.replace(
  'PAINT_CELLS',
  `ctx.clearRect(0, 0, ${W}, ${H}); for (let k = 0; k < ${CELLS}; k++) { ctx.fillStyle = (n >> k) & 1 ? '#fff' : '#000'; ctx.fillRect(k * ${CELL}, 0, ${CELL}, ${CELL}); }`,
).replace('PAINT_SQUARE', `ctx.fillStyle = '#f00'; ctx.fillRect(n * ${SQUARE.step}, ${SQUARE.top}, ${SQUARE.size}, ${SQUARE.size});`)}
</script></body></html>`;
}

/** Every frame of `input` as RGBA. `inputArgs` go before -i (the VP9 decoder that keeps alpha). */
async function decodeRgba(input: string, inputArgs: string[]): Promise<Buffer[]> {
  const { stdout } = await exec('ffmpeg', ['-v', 'error', ...inputArgs, '-i', input, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  const size = W * H * 4;
  return range(0, Math.floor(stdout.length / size)).map((i) => stdout.subarray(i * size, (i + 1) * size));
}

const pixel = (frame: Buffer, x: number, y: number) => [...frame.subarray((y * W + x) * 4, (y * W + x) * 4 + 4)];

/** An alpha value as seen: opaque, clear, or the number when it is neither (within `slack`, what a lossy codec may be off by). */
const seenAlpha = (a: number, slack: number) => (a >= 255 - slack ? 'opaque' : a <= slack ? 'clear' : a);

/**
 * What frame `frame` shows: the number in its cells, whether the cells and the square are
 * opaque and the square red, and the alpha in the gap between cells and square, below the
 * square, half the frame away from it, and at the right edge. Samples sit 8 px or more from any edge.
 */
function describeFrame(frame: Buffer, n: number, slack: number) {
  let number = 0;
  const cells = new Set<string | number>();
  for (let k = 0; k < CELLS; k++) {
    const [r, , , a] = pixel(frame, k * CELL + CELL / 2, CELL / 2);
    cells.add(seenAlpha(a, slack));
    if (r > 128) number |= 1 << k;
  }
  const inside = n * SQUARE.step + SQUARE.size / 2;
  const mid = SQUARE.top + SQUARE.size / 2;
  const [r, g, , a] = pixel(frame, inside, mid);
  const around = [[inside, SQUARE.top - 8], [inside, H - 8], [(inside + W / 2) % W, mid], [W - 8, CELL + 8]];
  return {
    number,
    cells: [...cells],
    square: { alpha: seenAlpha(a, slack), red: r > 200 && g < 40 },
    around: around.map(([x, y]) => seenAlpha(pixel(frame, x, y)[3], slack)),
  };
}

function checkAll(frames: Buffer[], slack: number): void {
  expect(frames.map((f, n) => describeFrame(f, n, slack))).toEqual(
    range(0, FRAMES).map((n) => ({ number: n, cells: ['opaque'], square: { alpha: 'opaque', red: true }, around: ['clear', 'clear', 'clear', 'clear'] })),
  );
}

let dir: string;
let domFile: string;
let canvasFile: string;
beforeAll(() => {
  dir = makeTempDir('helios-alpha-');
  domFile = writeFixture(dir, 'dom', domPage());
  canvasFile = writeFixture(dir, 'canvas', canvasPage());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder of its own per case, so the test can assert it holds exactly the output. */
function caseDir(name: string): string {
  const d = path.join(dir, name);
  mkdirSync(d);
  return d;
}

/** Render flags of one process, or of three local workers (chunks of 6 frames). */
function splitFlags(concurrency: number): string[] {
  return concurrency === 1 ? [] : ['--concurrency', '3', '--min-frames-per-chunk', '4', '--jobs-dir', path.join(dir, 'jobs')];
}

async function render(args: string[], concurrency: number, method: string): Promise<void> {
  const r = await runCli(['render', ...args, ...splitFlags(concurrency)]);
  expectSuccess(r);
  expect(r.stderr).toMatch(concurrency === 1 ? new RegExp(`rendered ${FRAMES} frames .* via ${method}\\)`) : /with 3 chunks/);
}

// Videos split in three chunks joined by stream copy; one process is covered below (ProRes
// through the screenshot path, VP9 through canvas mode).
test.each([
  ['ProRes 4444', 'mov', [], 0],
  // libvpx's own decoder reads the alpha stream; ffmpeg's native VP9 decoder drops it.
  ['VP9 with alpha', 'webm', ['-c:v', 'libvpx-vp9'], 2],
])('%s (.%s), split in three chunks, keeps the page\'s transparency', async (_name, ext, decoder, slack) => {
  const d = caseDir(`${ext}-3`);
  const out = path.join(d, `video.${ext}`);
  await render([domFile, '-o', out, '--transparent'], 3, 'beginframe');
  checkAll(await decodeRgba(out, decoder as string[]), slack as number);
  expect(readdirSync(d)).toEqual([`video.${ext}`]);
});

describe.each([1, 3])('--concurrency %i', (concurrency) => {
  test('PNG frames keep the transparency, named 00000.png on, with no hidden folder left', async () => {
    const d = caseDir(`png-${concurrency}`);
    const frames = path.join(d, 'frames');
    // Both spellings of a PNG sequence (a pattern, or --sequence and a folder); PNG frames are transparent by default.
    await render([domFile, ...(concurrency === 1 ? ['-o', path.join(frames, '%05d.png')] : ['--sequence', '-o', frames])], concurrency, 'beginframe');
    expect(readdirSync(frames)).toEqual(range(0, FRAMES).map((n) => `${String(n).padStart(5, '0')}.png`));
    expect(readdirSync(d)).toEqual(['frames']);
    checkAll(await decodeRgba(path.join(frames, '%05d.png'), ['-f', 'image2']), 0);
  });
});

test('canvas mode keeps the canvas\'s alpha (clearRect), read as PNG', async () => {
  const out = path.join(caseDir('canvas'), 'canvas.webm');
  await render([canvasFile, '-o', out, '--transparent'], 1, 'canvas-png');
  checkAll(await decodeRgba(out, ['-c:v', 'libvpx-vp9']), 2);
});

test('a browser without beginFrame (Page.captureScreenshot) keeps the transparency too', async () => {
  const out = path.join(caseDir('screenshot'), 'shot.mov');
  await render([domFile, '-o', out, '--transparent', '--browser', '/usr/bin/chromium'], 1, 'screenshot');
  checkAll(await decodeRgba(out, []), 0);
});
