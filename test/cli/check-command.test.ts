import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { SplitCheckReport } from '../../src/render/check-split.js';
import { makeTempDir, writeCanvasCellsPage } from '../helpers/fixtures.js';
import { FIXTURE_HEIGHT, FIXTURE_WIDTH } from '../helpers/frames.js';
import { ROOT, runCli, type CliResult } from '../helpers/run-cli.js';

// `helios check` on small canvas pages (60 frames) whose pictures come from different clocks.
let dir: string;
let tmp: string;

beforeAll(() => {
  dir = makeTempDir();
  tmp = path.join(dir, 'tmp');
  mkdirSync(tmp);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const page = (name: string, script: string) => writeCanvasCellsPage(dir, name, script);

/** Runs `helios check` with TMPDIR in the test's folder, and checks the check left no temp files there. */
async function check(args: string[]): Promise<CliResult> {
  const r = await runCli(['check', ...args], { env: { TMPDIR: tmp } });
  expect(readdirSync(tmp).filter((f) => f.startsWith('helios-check-'))).toEqual([]);
  return r;
}

/** Runs `helios check` and interrupts it (SIGINT, as Ctrl-C) once `when` appears on stderr. */
async function checkInterrupted(args: string[], when: string): Promise<CliResult> {
  let sent = false;
  const r = await runCli(['check', ...args], {
    env: { TMPDIR: tmp },
    onStderr: (text, child) => {
      if (!sent && text.includes(when)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
  });
  expect(sent).toBe(true);
  return r;
}

function report(r: CliResult): SplitCheckReport {
  return JSON.parse(r.stdout) as SplitCheckReport;
}

test('a page timing itself from its first animation frame is split-safe with fast-forward, and not with a jump', async () => {
  // The classic relative clock: fast-forward ticks every page at t = 0 first, so its t0 is 0 in every chunk.
  const file = page('relative', `let t0; requestAnimationFrame(function loop() { if (t0 === undefined) t0 = performance.now(); paint(Math.round((performance.now() - t0) * FPS / 1000)); requestAnimationFrame(loop); });`);
  const safe = await check([file, '--at', '45']);
  expect(safe.stdout).toMatch(/^frame 45: same pixels$/m);
  expect(safe.code).toBe(0);
  const jump = await check([file, '--at', '15,45', '--seek', 'jump']);
  expect(jump.code).toBe(1);
  expect(jump.stdout).toMatch(/^frame 15: differs \(max difference \d+, PSNR [\d.]+ dB\)/m);
  expect(jump.stderr).toContain('error: frames 15, 45 differ when a chunk starts there (--seek jump)');
  expect(jump.stderr).toMatch(/^\[1\/\d\] rendering frames 0\.\.45 in one sequence$/m);
});

test('a page whose clock starts when an IntersectionObserver first sees it is not split-safe (exit 1)', async () => {
  // Observers run in the browser's rendering steps, which only painted frames have: a chunk's
  // first painted frame is S, so its clock starts there, whatever the ticks before it did.
  const file = page('observer', `let t0; new IntersectionObserver(() => { if (t0 === undefined) t0 = performance.now(); }).observe(document.querySelector('canvas'));
    requestAnimationFrame(function loop() { paint(t0 === undefined ? 0 : Math.round((performance.now() - t0) * FPS / 1000)); requestAnimationFrame(loop); });`);
  const r = await check([file, '--at', '15,45', '--mode', 'dom', '--json']);
  expect(r.code).toBe(1);
  const rep = report(r);
  expect(rep.verdict).toBe('not-split-safe');
  expect(rep.samples.map((s) => [s.frame, s.difference.matches, s.replay?.matches])).toEqual([[15, false, false], [45, false, false]]);
});

test('a page painting from the animation frame\'s timestamp is split-safe (exit 0)', async () => {
  const file = page('absolute', `requestAnimationFrame(function loop(ts) { paint(Math.round(ts * FPS / 1000)); requestAnimationFrame(loop); });`);
  const r = await check([file, '--at', '15,45', '--json']);
  expect(r.stderr).not.toContain('error:');
  expect(r.code).toBe(0);
  const rep = report(r);
  expect(rep.verdict).toBe('safe');
  expect(rep.seek).toBe('fast-forward');
  expect(rep.samples.map((s) => [s.frame, s.difference.identical, s.replay])).toEqual([
    [15, true, undefined],
    [45, true, undefined],
  ]);
  expect(rep.advice).toContain('split-safe');
});

test('a page counting its animation frames needs replay, and replay fixes it', async () => {
  const file = page('counter', `let n = 0; requestAnimationFrame(function loop() { paint(n++); requestAnimationFrame(loop); });`);
  const r = await check([file, '--at', '15,45', '--json']);
  expect(r.code).toBe(1);
  const rep = report(r);
  expect(rep.verdict).toBe('needs-replay');
  expect(rep.differing).toEqual([15, 45]);
  for (const s of rep.samples) {
    expect(s.difference.identical).toBe(false);
    expect(s.difference.maxDifference).toBe(255);
    expect(s.replay?.identical).toBe(true);
  }
  expect(rep.advice).toContain('--seek replay');
  expect(r.stderr).toContain('render with --seek replay');
});

test('a page drawing unseeded randomness is not split-safe even with replay', async () => {
  // crypto.getRandomValues is not seeded (Math.random is): noise over the whole canvas, no two renders agree.
  const file = page(
    'random',
    `const noise = ctx.createImageData(${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT});
     requestAnimationFrame(function loop() { crypto.getRandomValues(noise.data); ctx.putImageData(noise, 0, 0); requestAnimationFrame(loop); });`,
  );
  const r = await check([file, '--at', '30', '--json']);
  expect(r.code).toBe(1);
  const rep = report(r);
  expect(rep.verdict).toBe('not-split-safe');
  expect(rep.samples[0].replay?.identical).toBe(false);
  expect(rep.advice).toContain('make the picture a function of the time');
});

test('Ctrl-C stops the check and removes its temporary files', async () => {
  const file = page('abort', `requestAnimationFrame(function loop(ts) { paint(Math.round(ts * FPS / 1000)); requestAnimationFrame(loop); });`);
  const r = await checkInterrupted([file, '--at', '15,45'], '[2/3]');
  expect(r.code).toBe(130);
  expect(r.stderr).toContain('error: check cancelled');
  expect(r.stdout).toBe('');
  expect(readdirSync(tmp).filter((f) => f.startsWith('helios-check-'))).toEqual([]);
});

describe('the examples on animation libraries are split-safe', () => {
  test.each(['gsap', 'lottie', 'three', 'anime'])('examples/%s', async (name) => {
    const example = path.join(ROOT, 'examples', name);
    if (!existsSync(path.join(example, 'vendor'))) throw new Error(`examples/${name}/vendor is missing: run npm run examples (npm ci runs it)`);
    const r = await check([example, '--at', '30', '--json']);
    const rep = report(r);
    expect(rep.samples.map((s) => s.frame)).toEqual([30]);
    expect(rep.verdict).toBe('safe');
    expect(r.code).toBe(0);
  });
});
