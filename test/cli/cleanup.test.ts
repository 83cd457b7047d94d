import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { browserPid, isRunning } from '../helpers/processes.js';

let dir: string;
let outDir: string;

beforeAll(() => {
  dir = makeTempDir();
  outDir = path.join(dir, 'out');
  mkdirSync(outDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('Ctrl-C stops the render, removes the partial output and closes the browser', async () => {
  const page = writeFixture(dir, 'long', fixtureHtml('raf', 'canvas', { frames: 5000 }));
  let sent = false;
  const r = await runCli(['render', page, '-o', path.join(outDir, 'long.mp4')], {
    env: { HELIOS_DEBUG: '1' },
    onStderr: (text, child) => {
      if (!sent && /frame \d+\/5000/.test(text)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  expect(sent).toBe(true);
  expect(r.code).toBe(130);
  expect(r.stderr).toContain('render cancelled');
  expect(readdirSync(outDir)).toEqual([]);
  expect(isRunning(browserPid(r.stderr))).toBe(false);
});

test('a failure mid-render closes the browser and leaves no output', async () => {
  const page = writeFixture(
    dir,
    'fails',
    `<script>window.helios = { fps: 30, frames: 30, width: 256, height: 64 };
     requestAnimationFrame(function loop(t) { if (t > 300) throw new Error('boom'); requestAnimationFrame(loop); });</script>`,
  );
  const r = await runCli(['render', page, '-o', path.join(outDir, 'fails.mp4')], { env: { HELIOS_DEBUG: '1' } });
  expect(r.code).toBe(1);
  expect(readdirSync(outDir)).toEqual([]);
  expect(isRunning(browserPid(r.stderr))).toBe(false);
});

test('a successful render closes the browser and leaves only the output', async () => {
  const page = writeFixture(dir, 'short', fixtureHtml('raf', 'canvas', { frames: 10 }));
  const r = await runCli(['render', page, '-o', path.join(outDir, 'short.mp4')], { env: { HELIOS_DEBUG: '1' } });
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(path.join(outDir, 'short.mp4'));
  expect(readdirSync(outDir)).toEqual(['short.mp4']);
  expect(isRunning(browserPid(r.stderr))).toBe(false);
});
