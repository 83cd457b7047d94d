/**
 * Render benchmark: for every case, capture-only fps, encode-only fps and end-to-end fps
 * (renderVideo as `helios render` runs it), in the same run; then side-by-side ratios, DOM capture of an empty page (the floor),
 * encoder CPU, size and quality per preset, encode cost and size per output format, --concurrency 1 vs 2 vs the default with CPU use, time to first frame and peak memory of a 1080p
 * worker, stitch time for 10 minutes of 1080p, and the time a render starting at frame S takes
 * to get there (per --seek mode, next to the cost of rendering a frame).
 *
 *   node --import tsx bench/run.ts [--short] [--frames N] [--repeat R] [--case ID]... [--section NAME]... [--examples DIR]
 *   node --import tsx bench/run.ts --quick     smoke check (seconds): every fast path is still taken (quick.ts); exit 1 if not
 *
 * --case alone runs only those cases; --section picks parts (cases, floor, presets, formats, concurrency,
 * memory, stitch, reach); --short runs fewer frames, once. Prints the report and writes bench/RESULTS.md
 * (committed) and bench/results.json (every figure; not committed).
 * Probes of the machine rather than the renderer live in research/ (see research/README.md).
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFfmpeg, findFfprobe } from '../src/encode/find-ffmpeg.js';
import { CASES, type BenchCase } from './cases.js';
import { compareCases } from './comparisons.js';
import { machineInfo } from './machine.js';
import { markdown, textSummary, type BenchReport, type CaseResult } from './report.js';
import { describeQuickChecks, runQuickChecks } from './quick.js';
import { loadAverage, runCases } from './run-case.js';
import { runSections, SECTION_NAMES, type SectionName } from './sections.js';

const FULL = { frames: 300, repeat: 3 };
const SHORT = { frames: 90, repeat: 1 };

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const USAGE = 'usage: node --import tsx bench/run.ts [--short] [--frames N] [--repeat R] [--case ID]... [--section NAME]... [--examples DIR]\n       node --import tsx bench/run.ts --quick [--examples DIR]';

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
      short: { type: 'boolean', default: false },
      frames: { type: 'string' },
      repeat: { type: 'string' },
      case: { type: 'string', multiple: true },
      section: { type: 'string', multiple: true },
      examples: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\ncases: ${CASES.map((c) => c.id).join(', ')}\nsections: ${SECTION_NAMES.join(', ')}\n`);
    process.exit(0);
  }
  const defaults = values.short ? SHORT : FULL;
  const unknown = (values.case ?? []).filter((id) => !CASES.some((c) => c.id === id));
  if (unknown.length) throw new Error(`unknown case ${unknown.join(', ')}: choose from ${CASES.map((c) => c.id).join(', ')}`);
  const badSection = (values.section ?? []).filter((s) => !(SECTION_NAMES as readonly string[]).includes(s));
  if (badSection.length) throw new Error(`unknown section ${badSection.join(', ')}: choose from ${SECTION_NAMES.join(', ')}`);
  const sections: SectionName[] = values.section?.length ? (values.section as SectionName[]) : values.case?.length ? ['cases'] : [...SECTION_NAMES];
  return {
    quick: values.quick,
    short: values.short,
    sections,
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

/** --quick: the fast-path checks alone. */
async function runQuick(examplesDir: string): Promise<number> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'helios-bench-quick-'));
  try {
    const results = await runQuickChecks({ examplesDir, tmp, env: process.env });
    process.stdout.write(`${describeQuickChecks(results)}\n`);
    return results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  const { quick, short, sections, frames, repeat, cases, examplesDir } = parseCli();
  if (quick) return runQuick(examplesDir);
  const runCasesToo = sections.includes('cases');
  const inputs = cases.map((c) => resolveCaseInput(c, examplesDir));
  const needed = [
    ...(runCasesToo ? inputs : []),
    ...(sections.some((s) => s !== 'cases' && s !== 'reach') ? ['canvas-raf', 'dom-css'].map((e) => path.join(examplesDir, e)) : []),
    ...(sections.includes('reach') ? ['canvas-raf', 'gsap'].map((e) => path.join(examplesDir, e)) : []),
  ];
  const missing = needed.filter((i) => !/^https?:/.test(i) && !existsSync(i.endsWith('.html') ? i : path.join(i, 'index.html')));
  if (missing.length) throw new Error(`composition not found: ${missing.join(', ')}`);
  const ffmpeg = findFfmpeg(undefined, process.env).path;
  const tools = { ffmpeg, ffprobe: findFfprobe(ffmpeg, process.env) };
  const machine = await machineInfo(ffmpeg);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'helios-bench-'));
  let results: CaseResult[] = [];
  const failures: string[] = [];
  let report: BenchReport;
  // Also on Ctrl-C and on a fatal error that exits early.
  const cleanUp = () => rmSync(tmp, { recursive: true, force: true });
  const stop = () => process.exit(130);
  process.once('exit', cleanUp);
  process.once('SIGINT', stop);
  try {
    const onPhase = (p: string) => (phase = p);
    if (runCasesToo) results = await runCases(cases.map((c, i) => ({ c, input: inputs[i]! })), { frames, repeat, tmp, tools, env: process.env, onPhase });
    const extra = await runSections({ sections, short, repeat, repoRoot, examplesDir, tmp, tools, env: process.env, cases: results, onPhase, failures, warnings });
    machine.chromium = [...new Set(results.flatMap((r) => (r.capture ? [`${r.capture.browserVersion} (${r.capture.browserPath})`] : [])))];
    machine.loadAverageAtEnd = loadAverage();
    report = {
      generatedAt: new Date().toISOString(),
      argv: process.argv.slice(2),
      sections,
      durationSeconds: (Date.now() - started) / 1000,
      framesPerCase: frames,
      repeat,
      machine,
      warnings: [...warnings, ...failures.map((f) => `FAILED ${f}`)],
      cases: results,
      comparisons: compareCases(results),
      ...extra,
    };
  } finally {
    process.off('SIGINT', stop);
    process.off('exit', cleanUp);
    await rm(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`\n${textSummary(report)}\n`);
  await writeFile(path.join(benchDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(benchDir, 'RESULTS.md'), markdown(report));
  process.stderr.write(`wrote bench/RESULTS.md and bench/results.json (not committed) (${Math.round(report.durationSeconds)} s)\n`);
  return results.some((r) => r.error) || failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
