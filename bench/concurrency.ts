/**
 * `helios render` with `--concurrency 1`, `--concurrency 2` and no --concurrency at all (the
 * default: src/plan/default-concurrency.ts picks it from the cores) on the same composition:
 * the CLI runs as a child process (from source, as the local adapter starts workers), timed
 * from spawn to exit, with the CPU time of its whole process tree (see proc-tree.ts).
 * Concurrency 1 renders in process; 2 plans a job (one extra browser launch to read the page),
 * renders 2 chunks in 2 worker processes, each with its own browser and ffmpeg, and stitches
 * them. 2 vs 1 is the measured effect of the rule (why 2 cores give 1 worker); default vs 1
 * checks the default is never the slower choice.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../src/encode/ffmpeg-process.js';
import { cliCommand, mb, runMeasured, SUBREAPER } from './proc-tree.js';
import { loadAverage, medianOf } from './run-case.js';

/** 'default': no --concurrency flag, so the CLI's own rule chooses. */
export const CONCURRENCY_LEVELS = [1, 2, 'default'] as const;
export type ConcurrencyLevel = (typeof CONCURRENCY_LEVELS)[number];

export interface ConcurrencyRun {
  /** 0-based round: the levels of one round ran minutes apart, so their ratio is paired. */
  round: number;
  level: ConcurrencyLevel;
  /** Workers the run used: the level, or for 'default' the number the CLI printed it chose. */
  concurrency: number;
  wallSeconds: number;
  /** user + sys seconds of the CLI and every process it started (rusage via a subreaper). */
  cpuSeconds: number;
  /** The same from /proc samples every 100 ms (a lower bound, a cross-check). */
  sampledCpuSeconds: number;
  /** cpuSeconds / (wallSeconds × cores): 1.0 = every core busy for the whole run. */
  cpuUse: number;
  peakRssMB: number;
  /** From the CLI's summary line with --concurrency > 1: chunk render seconds summed, stitch seconds. */
  chunkSeconds: number | null;
  stitchSeconds: number | null;
  loadAverage: number[];
}

export interface ConcurrencyCase {
  id: string;
  input: string;
  frames: number;
  runs: ConcurrencyRun[];
  /** Median of each figure per concurrency level. */
  medians: Array<{ level: ConcurrencyLevel; concurrency: number; wallSeconds: number; cpuSeconds: number; cpuUse: number; peakRssMB: number; fps: number }>;
  /** Median over rounds of (wall at the level / wall at concurrency 1 in the same round): below 1 is faster than one worker. */
  vsOne: Partial<Record<'2' | 'default', number>>;
  error?: string;
}

export interface ConcurrencyResult {
  method: string;
  cores: number;
  /** When this section ran and with what, so it reads right when spliced into a report of another run. */
  measuredAt: string;
  argv: string[];
  /** What the CLI printed about its default (`concurrency 1 (2 cores, ~1.5 cores per worker; ...)`). */
  defaultLine: string | null;
  cases: ConcurrencyCase[];
}

export interface ConcurrencyOptions {
  repoRoot: string;
  tmp: string;
  ffprobe: string;
  rounds: number;
  env: NodeJS.ProcessEnv;
  inputs: Array<{ id: string; input: string; frames: number }>;
}

const DEFAULT_LINE = /^concurrency (\d+) \(/;

async function runOnce(o: ConcurrencyOptions, input: string, frames: number, level: ConcurrencyLevel, cores: number, round: number): Promise<ConcurrencyRun & { defaultLine: string | null }> {
  const dir = path.join(o.tmp, `concurrency-${level}`);
  await mkdir(dir, { recursive: true });
  const output = path.join(dir, 'out.mp4');
  const flag = level === 'default' ? [] : ['--concurrency', String(level)];
  const args = ['render', input, '-o', output, '--frames', String(frames), ...flag, '--jobs-dir', path.join(dir, 'jobs')];
  const before = loadAverage();
  try {
    const run = await runMeasured([...cliCommand(o.repoRoot), ...args], { env: o.env });
    if (run.code !== 0) throw new Error(`helios ${args.join(' ')} exited with ${run.code}: ${run.lines.slice(-3).map((l) => l.text).join(' | ')}`);
    const count = (await runTool(o.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', output])).trim();
    if (Number(count) !== frames) throw new Error(`--concurrency ${level} produced ${count} frames, expected ${frames}`);
    const defaultLine = run.lines.map((l) => l.text).find((t) => DEFAULT_LINE.test(t)) ?? null;
    if (level === 'default' && !defaultLine) throw new Error('no --concurrency, but the CLI did not say which concurrency it chose');
    const concurrency = level === 'default' ? Number(DEFAULT_LINE.exec(defaultLine!)![1]) : level;
    const summary = run.lines.map((l) => /(?:chunks took|render times add up to) ([\d.]+)s.*stitched in ([\d.]+)s/.exec(l.text)).find(Boolean);
    const wallSeconds = run.wallMs / 1000;
    return {
      round,
      level,
      concurrency,
      defaultLine: level === 'default' ? defaultLine : null,
      wallSeconds,
      cpuSeconds: run.cpuSeconds,
      sampledCpuSeconds: run.tree.sampledCpuSeconds,
      cpuUse: run.cpuSeconds / (wallSeconds * cores),
      peakRssMB: mb(run.tree.peakRssBytes)!,
      chunkSeconds: summary ? Number(summary[1]) : null,
      stitchSeconds: summary ? Number(summary[2]) : null,
      loadAverage: before,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Rounds interleaved: every case and level once per round, the order of the levels rotated
 * each round (so each level runs first, second and last equally often over 3 rounds). Each case
 * is rendered once untimed first (30 frames): the first render after a while pays for cold caches.
 */
export async function runConcurrency(o: ConcurrencyOptions): Promise<ConcurrencyResult> {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const measuredAt = new Date().toISOString();
  let defaultLine: string | null = null;
  const cases: ConcurrencyCase[] = o.inputs.map((i) => ({ ...i, runs: [], medians: [], vsOne: {} }));
  for (const c of cases) await runOnce(o, c.input, 30, 1, cores, -1).catch(() => undefined);
  for (let round = 0; round < o.rounds; round++) {
    for (const c of cases) {
      if (c.error) continue;
      const shift = round % CONCURRENCY_LEVELS.length;
      const levels = [...CONCURRENCY_LEVELS.slice(shift), ...CONCURRENCY_LEVELS.slice(0, shift)];
      for (const level of levels) {
        try {
          const { defaultLine: line, ...run } = await runOnce(o, c.input, c.frames, level, cores, round);
          defaultLine ??= line;
          c.runs.push(run);
          process.stderr.write(
            `[concurrency ${c.id}] round ${round + 1}/${o.rounds} ${level === 'default' ? `default (${run.concurrency})` : `--concurrency ${level}`}: ${run.wallSeconds.toFixed(1)} s, ` +
              `CPU ${run.cpuSeconds.toFixed(1)} s (sampled ${run.sampledCpuSeconds.toFixed(1)}), use ${(run.cpuUse * 100).toFixed(0)}% (load avg ${run.loadAverage[0]})\n`,
          );
        } catch (error) {
          c.error = error instanceof Error ? error.message : String(error);
          process.stderr.write(`[concurrency ${c.id}] FAILED: ${c.error}\n`);
          break;
        }
      }
    }
  }
  for (const c of cases) {
    if (c.error) continue;
    c.medians = CONCURRENCY_LEVELS.map((level) => {
      const runs = c.runs.filter((r) => r.level === level);
      const wallSeconds = medianOf(runs.map((r) => r.wallSeconds));
      return {
        level,
        concurrency: medianOf(runs.map((r) => r.concurrency)),
        wallSeconds,
        cpuSeconds: medianOf(runs.map((r) => r.cpuSeconds)),
        cpuUse: medianOf(runs.map((r) => r.cpuUse)),
        peakRssMB: medianOf(runs.map((r) => r.peakRssMB)),
        fps: c.frames / wallSeconds,
      };
    });
    const paired = (level: ConcurrencyLevel) =>
      medianOf(c.runs.filter((r) => r.level === level).flatMap((r) => {
        const one = c.runs.find((x) => x.level === 1 && x.round === r.round);
        return one ? [r.wallSeconds / one.wallSeconds] : [];
      }));
    c.vsOne = { '2': paired(2), default: paired('default') };
  }
  const method = SUBREAPER
    ? 'rusage of the CLI child under a python3 child-subreaper wrapper (orphaned Chromium helpers reaped and counted)'
    : 'rusage of the CLI child (python3 missing: orphaned Chromium helpers not counted, so CPU is understated)';
  return { method, cores, measuredAt, argv: process.argv.slice(2), defaultLine, cases };
}
