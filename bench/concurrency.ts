/**
 * `helios render --concurrency 1` vs `--concurrency 2` on the same composition: the CLI runs
 * as a child process (from source, as the local adapter starts workers), timed from spawn to
 * exit, with the CPU time of its whole process tree (see proc-tree.ts). Concurrency 1 renders
 * in process; 2 plans a job (one extra browser launch to read the page), renders 2 chunks in
 * 2 worker processes, each with its own browser and ffmpeg, and stitches them.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from '../src/encode/ffmpeg-process.js';
import { cliCommand, mb, runMeasured, SUBREAPER } from './proc-tree.js';
import { loadAverage, medianOf } from './run-case.js';

export const CONCURRENCY_LEVELS = [1, 2] as const;

export interface ConcurrencyRun {
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
  medians: Array<{ concurrency: number; wallSeconds: number; cpuSeconds: number; cpuUse: number; peakRssMB: number; fps: number }>;
  /** Median wall at concurrency 1 / median wall at 2. */
  speedup: number | null;
  error?: string;
}

export interface ConcurrencyResult {
  method: string;
  cores: number;
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

async function runOnce(o: ConcurrencyOptions, input: string, frames: number, concurrency: number, cores: number): Promise<ConcurrencyRun> {
  const dir = path.join(o.tmp, `concurrency-${concurrency}`);
  await mkdir(dir, { recursive: true });
  const output = path.join(dir, 'out.mp4');
  const args = ['render', input, '-o', output, '--frames', String(frames), '--concurrency', String(concurrency), '--jobs-dir', path.join(dir, 'jobs')];
  const before = loadAverage();
  try {
    const run = await runMeasured([...cliCommand(o.repoRoot), ...args], { env: o.env });
    if (run.code !== 0) throw new Error(`helios ${args.join(' ')} exited with ${run.code}: ${run.lines.slice(-3).map((l) => l.text).join(' | ')}`);
    const count = (await runTool(o.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', output])).trim();
    if (Number(count) !== frames) throw new Error(`--concurrency ${concurrency} produced ${count} frames, expected ${frames}`);
    const summary = run.lines.map((l) => /(?:chunks took|render times add up to) ([\d.]+)s.*stitched in ([\d.]+)s/.exec(l.text)).find(Boolean);
    const wallSeconds = run.wallMs / 1000;
    return {
      concurrency,
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

/** Rounds interleaved: every case and level once per round, the order of the levels alternating. */
export async function runConcurrency(o: ConcurrencyOptions): Promise<ConcurrencyResult> {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const cases: ConcurrencyCase[] = o.inputs.map((i) => ({ ...i, runs: [], medians: [], speedup: null }));
  for (let round = 0; round < o.rounds; round++) {
    for (const c of cases) {
      if (c.error) continue;
      const levels = round % 2 === 0 ? [...CONCURRENCY_LEVELS] : [...CONCURRENCY_LEVELS].reverse();
      for (const level of levels) {
        try {
          const run = await runOnce(o, c.input, c.frames, level, cores);
          c.runs.push(run);
          process.stderr.write(
            `[concurrency ${c.id}] round ${round + 1}/${o.rounds} --concurrency ${level}: ${run.wallSeconds.toFixed(1)} s, ` +
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
      const runs = c.runs.filter((r) => r.concurrency === level);
      const wallSeconds = medianOf(runs.map((r) => r.wallSeconds));
      return {
        concurrency: level,
        wallSeconds,
        cpuSeconds: medianOf(runs.map((r) => r.cpuSeconds)),
        cpuUse: medianOf(runs.map((r) => r.cpuUse)),
        peakRssMB: medianOf(runs.map((r) => r.peakRssMB)),
        fps: c.frames / wallSeconds,
      };
    });
    c.speedup = c.medians[0]!.wallSeconds / c.medians[1]!.wallSeconds;
  }
  const method = SUBREAPER
    ? 'rusage of the CLI child under a python3 child-subreaper wrapper (orphaned Chromium helpers reaped and counted)'
    : 'rusage of the CLI child (python3 missing: orphaned Chromium helpers not counted, so CPU is understated)';
  return { method, cores, cases };
}
