import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { decodeFrameNumbers } from '../helpers/frames.js';
import { makeTempDir, writeCanvasCellsPage } from '../helpers/fixtures.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';
import { browserPid, isRunning } from '../helpers/processes.js';

let dir: string;
let outDir: string;

beforeAll(() => {
  dir = makeTempDir();
  outDir = path.join(dir, 'out');
  mkdirSync(outDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cellsPage = (name: string, script: string, frames?: number) => writeCanvasCellsPage(dir, name, script, frames);

describe('a page that hangs fails within the frame limit, naming the frame and the flag', () => {
  test.each([
    ['an endless loop in a requestAnimationFrame callback', `requestAnimationFrame(function loop(ts) { const n = Math.round(ts * 30 / 1000); if (n === 30) { for (;;) {} } paint(n); requestAnimationFrame(loop); });`, /still running in loop \(hang-loop\.html:\d+\)/],
    ['a seek hook whose promise never settles', `window.helios.seek = (frame) => frame === 30 ? new Promise(() => {}) : paint(frame);`, /waiting for something that never happened/],
  ])('%s', async (_what, script, why) => {
    const name = script.includes('for (;;)') ? 'hang-loop' : 'hang-seek';
    const page = cellsPage(name, script);
    const started = Date.now();
    const r = await runCli(['render', page, '-o', path.join(outDir, `${name}.mp4`), '--frame-timeout', '2'], { env: { HELIOS_DEBUG: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: frame 30 did not finish within 2s');
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain('--frame-timeout');
    expect(r.stderr).not.toMatch(/protocolTimeout|ProtocolError/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readdirSync(outDir)).toEqual([]);
    expect(isRunning(browserPid(r.stderr))).toBe(false);
  });

  test('a bad --frame-timeout is refused before a browser starts', async () => {
    const page = cellsPage('fine', 'window.helios.seek = (f) => paint(f);');
    const r = await runCli(['render', page, '-o', path.join(outDir, 'x.mp4'), '--frame-timeout', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--frame-timeout');
    expect(readdirSync(outDir)).toEqual([]);
  });
});

describe('time while the page loads', () => {
  test('a page that polls with setTimeout before it resolves ready renders, and frame 0 shows t = 0', async () => {
    // Polls a flag set by a later timer, as loaders do, and only then resolves ready: the
    // timers must run before frame 0, while the clocks stay at 0.
    const page = cellsPage(
      'polls',
      `let loaded = false; let polls = 0; let readAt = -1;
       setTimeout(() => { loaded = true; }, 120);
       window.helios.ready = new Promise((resolve) => {
         (function poll() { polls++; if (loaded) { readAt = performance.now(); resolve(); } else setTimeout(poll, 15); })();
       });
       requestAnimationFrame(function loop(ts) { paint(polls > 3 && readAt === 0 && Date.now() === Math.floor(new Date('2024-01-01T00:00:00Z').getTime() + ts) ? Math.round(ts * 30 / 1000) : 255); requestAnimationFrame(loop); });`,
      12,
    );
    const out = path.join(outDir, 'polls.mp4');
    const r = await runCli(['render', page, '-o', out, '--timeout', '10']);
    expectSuccess(r);
    expect(await decodeFrameNumbers(out)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    rmSync(out);
  });

  test('a ready that waits for an animation frame times out saying why', async () => {
    const page = cellsPage('raf-ready', `window.helios.ready = new Promise((r) => requestAnimationFrame(() => r()));`, 5);
    const r = await runCli(['render', page, '-o', path.join(outDir, 'raf-ready.mp4'), '--timeout', '3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('requestAnimationFrame callbacks, which first run at frame 0');
    expect(readdirSync(outDir)).toEqual([]);
  });
});
