/**
 * Render benchmark: for every case, capture-only fps, encode-only fps and end-to-end fps
 * (renderVideo as `helios render` runs it), in the same run.
 *
 *   node --import tsx bench/run.ts [--quick] [--frames N] [--repeat R] [--case ID]... [--examples DIR]
 *
 * Prints a table and writes bench/results.json and bench/RESULTS.md.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFfmpeg, findFfprobe } from '../src/encode/find-ffmpeg.js';
import { CASES, type BenchCase } from './cases.js';
import { machineInfo } from './machine.js';
import { markdown, textSummary, type BenchReport, type CaseResult } from './report.js';
import { runCase } from './run-case.js';

const FULL = { frames: 300, repeat: 3 };
const QUICK = { frames: 90, repeat: 1 };

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const USAGE = 'usage: node --import tsx bench/run.ts [--quick] [--frames N] [--repeat R] [--case ID]... [--examples DIR]';

function positiveInteger(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function parseCli() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      frames: { type: 'string' },
      repeat: { type: 'string' },
      case: { type: 'string', multiple: true },
      examples: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\ncases: ${CASES.map((c) => c.id).join(', ')}\n`);
    process.exit(0);
  }
  const defaults = values.quick ? QUICK : FULL;
  const unknown = (values.case ?? []).filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}: choose from ${CASES.map((c) => c.id).join(', ')}`);
  return {
    frames: positiveInteger('--frames', values.frames, defaults.frames, 2),
    repeat: positiveInteger('--repeat', values.repeat, defaults.repeat, 1),
    cases: values.case?.length ? CASES.filter((c) => values.case!.includes(c.id)) : CASES,
    examplesDir: path.resolve(values.examples ?? path.join(repoRoot, 'examples')),
  };
}

/** Problems that did not stop the run; none are expected (an unhandled rejection ends it). */
const warnings: string[] = [];
let phase = 'start';
process.on('unhandledRejection', (reason) => {
  const message = reason instanceof Error ? reason.stack ?? reason.message : String(reason);
  process.stderr.write(`bench failed during ${phase}: unhandled rejection: ${message}\n`);
  process.exit(1);
});

function resolveCaseInput(c: BenchCase, examplesDir: string): string {
  if (/^https?:\/\//.test(c.input) || path.isAbsolute(c.input)) return c.input;
  return path.join(examplesDir, c.input);
}

async function main(): Promise<number> {
  const { frames, repeat, cases, examplesDir } = parseCli();
  const inputs = cases.map((c) => resolveCaseInput(c, examplesDir));
  const missing = inputs.filter((i) => !/^https?:/.test(i) && !existsSync(i.endsWith('.html') ? i : path.join(i, 'index.html')));
  if (missing.length) throw new Error(`composition not found: ${missing.join(', ')}`);
  const ffmpeg = findFfmpeg(undefined, process.env).path;
  const tools = { ffmpeg, ffprobe: findFfprobe(ffmpeg, process.env) };
  const machine = await machineInfo(ffmpeg);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'helios-bench-'));
  const results: CaseResult[] = [];
  // Also on Ctrl-C and on a fatal error that exits early.
  const cleanUp = () => rmSync(tmp, { recursive: true, force: true });
  const stop = () => process.exit(130);
  process.once('exit', cleanUp);
  process.once('SIGINT', stop);
  try {
    for (const [i, c] of cases.entries()) results.push(await runCase(c, inputs[i]!, { frames, repeat, tmp, tools, env: process.env, onPhase: (p) => (phase = p) }));
  } finally {
    process.off('SIGINT', stop);
    process.off('exit', cleanUp);
    await rm(tmp, { recursive: true, force: true });
  }
  machine.chromium = [...new Set(results.flatMap((r) => (r.capture ? [`${r.capture.browserVersion} (${r.capture.browserPath})`] : [])))];
  const report: BenchReport = { generatedAt: new Date().toISOString(), argv: process.argv.slice(2), framesPerCase: frames, repeat, machine, warnings, cases: results };
  process.stdout.write(`\n${textSummary(report)}\n`);
  await writeFile(path.join(benchDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(benchDir, 'RESULTS.md'), markdown(report));
  process.stderr.write('wrote bench/results.json and bench/RESULTS.md\n');
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
