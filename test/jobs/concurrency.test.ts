import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { decodeFrameNumbers, distinctSteps, probeTimestamps, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

let dir: string;
let jobsDir: string;
beforeAll(() => {
  dir = makeTempDir();
  jobsDir = path.join(dir, 'jobs');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['30', 30],
  ['30000/1001', 30000 / 1001],
])('--concurrency 3 at %s fps', (fps, fpsValue) => {
  test('matches --concurrency 1 frame for frame, with one constant step', async () => {
    const total = 96;
    const page = writeFixture(dir, `conc-${fpsValue}`, fixtureHtml('raf', 'canvas', { fps, fpsValue, frames: total }));
    const single = path.join(dir, `single-${fpsValue}.mp4`);
    const multi = path.join(dir, `multi-${fpsValue}.mp4`);
    expectSuccess(await runCli(['render', page, '-o', single]));
    const r = await runCli(['render', page, '-o', multi, '--concurrency', '3', '--jobs-dir', jobsDir]);
    expectSuccess(r);
    for (const w of [0, 1, 2]) expect(r.stderr).toContain(`[Worker ${w}]`);
    expect(r.stderr).toMatch(/rendered 96 frames in .* with 3 chunks/);
    const expected = range(0, total);
    expect(await decodeFrameNumbers(single)).toEqual(expected);
    expect(await decodeFrameNumbers(multi)).toEqual(expected);
    const a = await probeTimestamps(single);
    const b = await probeTimestamps(multi);
    expect(b.frames).toBe(a.frames);
    expect(b.timeBase).toBe(a.timeBase);
    expect(distinctSteps(b.pts)).toEqual(distinctSteps(a.pts));
    expect(distinctSteps(b.pts)).toHaveLength(1);
  });
});

test.each(['0', '-2', '1.5', 'many'])('--concurrency %s is refused', async (value) => {
  const page = writeFixture(dir, 'refuse', fixtureHtml('raf', 'canvas', { frames: 10 }));
  const r = await runCli(['render', page, '-o', path.join(dir, 'refused.mp4'), '--concurrency', value]);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error: --concurrency must be (at least 1|a whole number)/);
});

/** A page that takes ~25 ms per frame, so a chunk is still running when the test acts. */
function slowPage(name: string, frames: number): string {
  return writeFixture(dir, name, fixtureHtml('seek-hook', 'canvas', {
    frames,
    extraScript: `window.helios.seek = (frame) => { let x = 0; for (let i = 0; i < 2e6; i++) x += i; paint(frame); };`,
  }));
}

function jobIdFrom(stderr: string): string {
  const m = /job (\S+) \(/.exec(stderr);
  if (!m) throw new Error(`no job id in:\n${stderr}`);
  return m[1];
}

test('a worker killed mid-chunk is retried and the output is still exact', async () => {
  const page = slowPage('killed', 120);
  const out = path.join(dir, 'killed.mp4');
  let killed = 0;
  const r = await runCli(['render', page, '-o', out, '--concurrency', '2', '--jobs-dir', jobsDir, '--retry-delay', '0.2'], {
    onStderr: (text) => {
      const m = /\[Worker 1\] worker pid (\d+): chunk 1/.exec(text);
      if (m && !killed && /\[Worker 1\] rendering 60 frames/.test(text)) {
        killed = Number(m[1]);
        setTimeout(() => process.kill(killed, 'SIGKILL'), 300);
      }
    },
  });
  expectSuccess(r);
  expect(killed).toBeGreaterThan(0);
  expect(r.stderr).toContain('chunk 1 failed: the worker was killed (SIGKILL). Attempt 1 of 3; retrying');
  expect(await decodeFrameNumbers(out)).toEqual(range(0, 120));
  const state = JSON.parse(readFileSync(path.join(jobsDir, jobIdFrom(r.stderr), 'state.json'), 'utf8'));
  expect(state.chunks.map((c: { attempts: number }) => c.attempts)).toEqual([1, 2]);
  expect(state.status).toBe('done');
});

test('a page error fails the chunk at once (no retry), naming the chunk, and writes nothing', async () => {
  const page = writeFixture(dir, 'always-fails', fixtureHtml('seek-hook', 'canvas', {
    frames: 80,
    extraScript: `window.helios.seek = (frame) => { if (frame >= 50) throw new Error('cannot draw frame ' + frame); paint(frame); };`,
  }));
  const out = path.join(dir, 'never.mp4');
  const r = await runCli(['render', page, '-o', out, '--concurrency', '2', '--jobs-dir', jobsDir, '--retries', '1', '--retry-delay', '0.1']);
  expect(r.code).toBe(1);
  // The page's own error: another attempt would fail the same way, so there is none.
  expect(r.stderr).not.toContain('Attempt 1 of 2');
  expect(r.stderr).toMatch(/error: chunk 1 \(frames 40\.\.79\) failed after 1 attempt \(not retried: the page or the input is at fault.*\): .*Error: cannot draw frame 50/s);
  expect(() => readFileSync(out)).toThrow();
});

test('after the whole command is killed, --resume renders only the unfinished chunks', async () => {
  const page = slowPage('resumable', 160);
  const out = path.join(dir, 'resumed.mp4');
  let sent = false;
  const first = await runCli(['render', page, '-o', out, '--chunks', '4', '--jobs-dir', jobsDir], {
    detached: true,
    onStderr: (text, child) => {
      // Kill the command and its workers (one process group) once chunk 1 is done.
      if (!sent && /chunk 1 done/.test(text)) {
        sent = true;
        process.kill(-child.pid!, 'SIGKILL');
      }
    },
  });
  expect(first.signal).toBe('SIGKILL');
  const id = jobIdFrom(first.stderr);
  const second = await runCli(['render', '--resume', id, '--jobs-dir', jobsDir]);
  expectSuccess(second);
  expect(second.stderr).toContain(`resuming job ${id}`);
  expect(second.stderr).toContain('chunk 0 (frames 0..39) already rendered: skipped');
  expect(second.stderr).toContain('chunk 1 (frames 40..79) already rendered: skipped');
  const ran = [...second.stderr.matchAll(/worker pid \d+: chunk (\d+)/g)].map((m) => Number(m[1])).sort();
  expect(ran).toEqual([2, 3]);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, 160));
});

test('a bad job spec is refused with the field named', async () => {
  const spec = path.join(dir, 'bad-job.json');
  const plan = await runCli(['plan', slowPage('plan-me', 60), '--chunks', '2', '-o', spec]);
  expectSuccess(plan);
  const json = JSON.parse(readFileSync(spec, 'utf8'));
  writeFileSync(spec, JSON.stringify({ ...json, version: 4 }));
  const version = await runCli(['render-chunk', '--job', spec, '--chunk', '0']);
  expect(version.code).toBe(1);
  expect(version.stderr).toContain('version 4 is not supported');
  const overlap = { ...json, chunks: [json.chunks[0], { ...json.chunks[1], startFrame: json.chunks[1].startFrame - 5 }] };
  writeFileSync(spec, JSON.stringify(overlap));
  const r = await runCli(['render-chunk', '--job', spec, '--chunk', '0']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('chunks[1].startFrame is 25 but chunk 0 ends at frame 29');
});

test('stitch refuses segments from the page encoder mixed with x264 ones, naming the chunks', async () => {
  const page = writeFixture(dir, 'mixed', fixtureHtml('raf', 'canvas', { frames: 40 }));
  const job = path.join(dir, 'mixed-job.json');
  const segments = path.join(dir, 'mixed-segments');
  const out = path.join(dir, 'mixed.mp4');
  expectSuccess(await runCli(['plan', page, '-o', job, '--video', out, '--chunks', '2', '--min-frames-per-chunk', '1']));
  expectSuccess(await runCli(['render-chunk', '--job', job, '--chunk', '0', '--out-dir', segments]));
  // As if chunk 1 ran on a runner whose browser has no H.264 encoder: auto falls back to JPEG + x264.
  const spec = JSON.parse(readFileSync(job, 'utf8'));
  spec.render.canvasEncoder = 'jpeg';
  writeFileSync(job, JSON.stringify(spec));
  expectSuccess(await runCli(['render-chunk', '--job', job, '--chunk', '1', '--out-dir', segments]));
  const r = await runCli(['stitch', '--job', job, '--segments', segments]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("its segments were encoded differently (chunks 0 by the browser's encoder (webcodecs); chunks 1 by x264 (jpeg))");
  expect(existsSync(out)).toBe(false);
});
