/**
 * Render benchmark: for every case, capture-only fps, encode-only fps and end-to-end fps
 * (renderVideo as `helios render` runs it), in the same run.
 *
 *   node --import tsx bench/run.ts [--quick] [--frames N] [--case ID]... [--examples DIR]
 *
 * Prints a table and writes bench/results.json and bench/RESULTS.md.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFfmpeg, findFfprobe } from '../src/encode/find-ffmpeg.js';
import { CASES, type BenchCase } from './cases.js';
import { machineInfo } from './machine.js';
import { measureCapture, measureEncode, measureEndToEnd, type CaseRun } from './measure.js';
import { emptyResult, markdown, textSummary, textTable, type BenchReport, type CaseResult } from './report.js';

const FULL_FRAMES = 300;
const QUICK_FRAMES = 90;
/** Distinct captured frames kept in memory for the encode-only pass. */
const SAMPLE_FRAMES = 30;

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);

function parseCli() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      frames: { type: 'string' },
      case: { type: 'string', multiple: true },
      examples: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`usage: node --import tsx bench/run.ts [--quick] [--frames N] [--case ID]... [--examples DIR]\ncases: ${CASES.map((c) => c.id).join(', ')}\n`);
    process.exit(0);
  }
  const frames = values.frames !== undefined ? Number(values.frames) : values.quick ? QUICK_FRAMES : FULL_FRAMES;
  if (!Number.isInteger(frames) || frames < 2) throw new Error(`--frames must be an integer >= 2, got ${values.frames}`);
  const unknown = (values.case ?? []).filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}: choose from ${CASES.map((c) => c.id).join(', ')}`);
  const cases = values.case?.length ? CASES.filter((c) => values.case!.includes(c.id)) : CASES;
  const examplesDir = path.resolve(values.examples ?? path.join(repoRoot, 'examples'));
  return { frames, cases, examplesDir };
}

function resolveCaseInput(c: BenchCase, examplesDir: string): string {
  if (/^https?:\/\//.test(c.input) || path.isAbsolute(c.input)) return c.input;
  return path.join(examplesDir, c.input);
}

async function runCase(c: BenchCase, input: string, frames: number, tmp: string, tools: { ffmpeg: string; ffprobe: string }): Promise<CaseResult> {
  const result = emptyResult(c, input, frames, os.loadavg().map((l) => Math.round(l * 100) / 100));
  const run: CaseRun = { input, browser: c.browser, width: c.width, height: c.height, frames, env: process.env };
  const log = (msg: string) => process.stderr.write(`[${c.id}] ${msg}\n`);
  try {
    log(`capture-only, ${frames} frames…`);
    const captured = await measureCapture(run, SAMPLE_FRAMES);
    result.capture = captured.figures;
    log(`  ${captured.figures.mode}/${captured.figures.method}: ${captured.figures.fps.toFixed(1)} fps`);

    log('encode-only…');
    result.encode = await measureEncode(run, tools.ffmpeg, captured.samples, captured.encode, path.join(tmp, `${c.id}-encode.mp4`));
    log(`  ${result.encode.fps.toFixed(1)} fps`);

    // A composition shorter than the run is stretched with a length override (its last state repeats).
    const total = captured.totalFrames === null || captured.totalFrames < frames ? frames : undefined;
    log(`end-to-end renderVideo()${total ? ` (--frames ${total}: the composition is shorter)` : ''}…`);
    const e2e = await measureEndToEnd(run, tools.ffprobe, path.join(tmp, `${c.id}-render.mp4`), total);
    result.endToEnd = e2e;
    if (e2e.check.frames !== frames) throw new Error(`the rendered video has ${e2e.check.frames} frames, expected ${frames}`);
    log(`  ${e2e.fpsTotal.toFixed(1)} fps total, ${e2e.fpsLoop.toFixed(1)} fps loop`);

    const floor = Math.min(result.capture.fps, result.encode.fps);
    result.ratio = { total: e2e.fpsTotal / floor, loop: e2e.fpsLoop / floor, bottleneck: result.capture.fps <= result.encode.fps ? 'capture' : 'encode' };
  } catch (error) {
    result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log(`FAILED: ${result.error}`);
  } finally {
    // Rendered videos are only measured, never kept.
    await rm(path.join(tmp, `${c.id}-encode.mp4`), { force: true });
    await rm(path.join(tmp, `${c.id}-render.mp4`), { force: true });
  }
  return result;
}

async function main(): Promise<number> {
  const { frames, cases, examplesDir } = parseCli();
  const missing = cases.map((c) => resolveCaseInput(c, examplesDir)).filter((i) => !/^https?:/.test(i) && !existsSync(i.endsWith('.html') ? i : path.join(i, 'index.html')));
  if (missing.length) throw new Error(`composition not found: ${missing.join(', ')}`);
  const ffmpeg = findFfmpeg(undefined, process.env).path;
  const tools = { ffmpeg, ffprobe: findFfprobe(ffmpeg, process.env) };
  const machine = await machineInfo(ffmpeg);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'helios-bench-'));
  const results: CaseResult[] = [];
  try {
    for (const c of cases) results.push(await runCase(c, resolveCaseInput(c, examplesDir), frames, tmp, tools));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  machine.chromium = [...new Set(results.flatMap((r) => (r.capture ? [`${r.capture.browserVersion} (${r.capture.browserPath})`] : [])))];
  const report: BenchReport = { generatedAt: new Date().toISOString(), argv: process.argv.slice(2), framesPerCase: frames, machine, cases: results };
  process.stdout.write(`\n${textSummary(report)}\n`);
  await writeFile(path.join(benchDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(benchDir, 'RESULTS.md'), markdown(report));
  process.stderr.write(`wrote bench/results.json and bench/RESULTS.md\n`);
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
