import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

let dir: string;
let outDir: string;
let page: string;

beforeAll(() => {
  dir = makeTempDir();
  outDir = path.join(dir, 'out');
  page = writeFixture(dir, 'ok', fixtureHtml('raf', 'canvas', { frames: 20 }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir);
});

/** Runs a render into the empty out folder and checks it failed and left nothing behind. */
async function renderFails(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  const output = path.join(outDir, 'video.mp4');
  const r = await runCli(['render', ...args, '-o', output], { env });
  expect(r.code).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(readdirSync(outDir)).toEqual([]);
  expect(r.stderr).toMatch(/^error: /m);
  return r;
}

function pageWith(name: string, script: string, body = ''): string {
  return writeFixture(dir, name, `<!doctype html><html><body>${body}<script>${script}</script></body></html>`);
}

test('missing input file', async () => {
  const r = await renderFails([path.join(dir, 'nope.html')]);
  expect(r.stderr).toContain('composition not found');
  expect(r.stderr).toContain('nope.html does not exist');
});

test('folder without index.html', async () => {
  const empty = path.join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  const r = await renderFails([empty]);
  expect(r.stderr).toContain('has no index.html');
});

test('unreachable URL', async () => {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const r = await renderFails([`http://127.0.0.1:${port}/comp.html`, '--frames', '5']);
  expect(r.stderr).toContain(`could not load http://127.0.0.1:${port}/comp.html`);
  expect(r.stderr).toMatch(/ERR_CONNECTION_REFUSED/);
});

test('URL answering 404', async () => {
  const server = http.createServer((_, res) => res.writeHead(404).end('no'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const r = await renderFails([`http://127.0.0.1:${port}/missing.html`, '--frames', '5']);
    expect(r.stderr).toContain('HTTP 404');
  } finally {
    server.close();
  }
});

test('a page that throws while loading shows its error and stack', async () => {
  const file = pageWith('throws', `function setUpScene() { throw new TypeError('scene exploded'); }\nsetUpScene();`);
  const r = await renderFails([file, '--frames', '5']);
  expect(r.stderr).toContain('the page threw an error while loading');
  expect(r.stderr).toContain('TypeError: scene exploded');
  expect(r.stderr).toMatch(/at setUpScene \(.*throws\.html:1:\d+\)/);
});

test('a page that throws in the middle of the render names the frame', async () => {
  const file = pageWith(
    'throws-later',
    `window.helios = { fps: 30, frames: 30, width: 256, height: 64 };
     requestAnimationFrame(function loop(t) { if (t > 300) throw new Error('frame budget exceeded'); requestAnimationFrame(loop); });`,
  );
  const r = await renderFails([file]);
  expect(r.stderr).toContain('at frame 10');
  expect(r.stderr).toContain('Error: frame budget exceeded');
});

test('a canvas page that throws in the middle of a range of frames names the frame', async () => {
  // The page's encoder takes many frames per call; the error still names the one that threw.
  const file = pageWith(
    'canvas-throws-later',
    `window.helios = { fps: 30, frames: 30, width: 256, height: 64 };
     const ctx = document.querySelector('canvas').getContext('2d');
     requestAnimationFrame(function loop(t) { if (t > 400) throw new Error('canvas budget exceeded'); ctx.fillRect(0, 0, t % 256, 64); requestAnimationFrame(loop); });`,
    '<canvas width="256" height="64" style="display:block"></canvas><style>body{margin:0}</style>',
  );
  const r = await renderFails([file, '--mode', 'canvas', '--canvas-encoder', 'webcodecs']);
  expect(r.stderr).toContain('(webcodecs)');
  expect(r.stderr).toContain('at frame 13');
  expect(r.stderr).toContain('Error: canvas budget exceeded');
});

test('a page that never gets ready names what it waited for', async () => {
  const file = pageWith('never-ready', `window.helios = { frames: 10, ready: new Promise(() => {}) };`);
  const r = await renderFails([file, '--timeout', '2']);
  expect(r.stderr).toContain('not ready after 2s');
  expect(r.stderr).toContain('window.helios.ready');
  expect(r.stderr).toContain('--timeout');
});

test('a selector that matches no canvas', async () => {
  const r = await renderFails([page, '--mode', 'canvas', '--canvas-selector', '#nope']);
  expect(r.stderr).toContain('no <canvas> matches the selector "#nope"');
});

test('canvas mode on a page without a canvas', async () => {
  const file = pageWith('no-canvas', `window.helios = { frames: 10 };`, '<p>hello</p>');
  const r = await renderFails([file, '--mode', 'canvas']);
  expect(r.stderr).toContain('the page has none');
});

// Flags that need no page are refused in-process in test/unit/cli-options.test.ts; these need the page.
test.each([
  [
    ['--mode', 'canvas', '--canvas-encoder', 'webcodecs', '--width', '512', '--height', '128'],
    '--canvas-encoder webcodecs cannot be used: the canvas is 256x64 and the output 512x128 (ffmpeg scales it). Pass --canvas-encoder jpeg (or auto).',
  ],
  [['--start-frame', '20'], '--start-frame 20 is beyond the end: the composition has 20 frames (0..19)'],
  [['--start-frame', '15', '--frame-count', '10'], 'frames 15..24 go beyond the end: the composition has 20 frames (0..19); use --frame-count 5 or less'],
])('flags %j are refused', async (flags, message) => {
  const r = await renderFails([page, ...flags]);
  expect(r.stderr).toContain(message);
});

test('no duration anywhere', async () => {
  const file = pageWith('no-duration', `document.body.style.background = 'red';`);
  const r = await renderFails([file]);
  expect(r.stderr).toContain('pass --duration <seconds> or --frames <count>');
});

test('missing browser names the flag and the variable', async () => {
  const flag = await renderFails([page, '--browser', '/nonexistent/chrome']);
  expect(flag.stderr).toContain('--browser points to "/nonexistent/chrome"');
  const env = await renderFails([page], { HELIOS_BROWSER: '/nonexistent/chrome' });
  expect(env.stderr).toContain('HELIOS_BROWSER points to "/nonexistent/chrome"');
  const none = await renderFails([page], { PATH: '/nonexistent', HELIOS_BROWSER: '', PUPPETEER_EXECUTABLE_PATH: '', FFMPEG_PATH: '/usr/bin/ffmpeg' });
  expect(none.stderr).toMatch(/no Chromium browser found: pass --browser <path> or set HELIOS_BROWSER/);
});

test('missing ffmpeg names the flag and the variable', async () => {
  const flag = await renderFails([page, '--ffmpeg', '/nonexistent/ffmpeg']);
  expect(flag.stderr).toContain('--ffmpeg points to "/nonexistent/ffmpeg"');
  const env = await renderFails([page], { FFMPEG_PATH: '/nonexistent/ffmpeg' });
  expect(env.stderr).toContain('FFMPEG_PATH points to "/nonexistent/ffmpeg"');
});

test('an output path that cannot be written', async () => {
  // A folder cannot be created below a regular file (and root ignores permissions).
  const underFile = await runCli(['render', page, '-o', path.join(page, 'sub', 'video.mp4')]);
  expect(underFile.code).toBe(1);
  expect(underFile.stderr).toMatch(/cannot create folder .*ok\.html\/sub \(ENOTDIR\)/);
  const isDir = await runCli(['render', page, '-o', outDir]);
  expect(isDir.code).toBe(1);
  expect(isDir.stderr).toContain('it is a folder');
  expect(readdirSync(outDir)).toEqual([]);
});

test('an existing output is left untouched when a render fails', async () => {
  const output = path.join(outDir, 'video.mp4');
  writeFileSync(output, 'previous video');
  const r = await runCli(['render', page, '--width', '255', '-o', output]);
  expect(r.code).toBe(1);
  expect(readdirSync(outDir)).toEqual(['video.mp4']);
});

test('an unknown flag is a usage error', async () => {
  const r = await runCli(['render', page, '--colour', 'red']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("unknown option '--colour'");
});
