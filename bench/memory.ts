/**
 * One worker at 1920x1080: `helios render` (concurrency 1, so the same renderVideo a
 * `render-chunk` worker runs) as a child process, the published command (bin/helios.js,
 * the committed bundle) as a user runs it, its process tree sampled
 * from /proc every 100 ms (proc-tree.ts). Reports the peak of the summed RSS and PSS of
 * node + browser + ffmpeg, and the time to first frame read from the CLI's stderr: the
 * "rendering …" line is logged once the browser is up and the page loaded and ready, the
 * first "frame 1/N" line once the first frame went to the encoder. The Node start-up of
 * the CLI (`--version`) is timed apart, so it can be subtracted.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { mb, publishedCliCommand, runMeasured } from './proc-tree.js';
import { loadAverage, medianOf } from './run-case.js';

export interface MemoryRun {
  wallMs: number;
  /** Spawn until the "rendering …" line (Node start-up + browser launch + page load + ready). */
  readyMs: number | null;
  /** Spawn until the first frame was captured and handed to ffmpeg. */
  firstFrameMs: number | null;
  peakRssMB: number;
  peakPssMB: number | null;
  /** PSS (MB) by command name at the peak sample. */
  peakByCommand: Record<string, number>;
  processes: number;
  loadAverage: number[];
}

export interface MemoryCase {
  id: string;
  args: string[];
  frames: number;
  runs: MemoryRun[];
  median?: { readyMs: number; firstFrameMs: number; firstFrameAfterStartupMs: number; peakRssMB: number; peakPssMB: number; wallMs: number };
  /** peakByCommand of the run with the median peak PSS. */
  peakByCommand?: Record<string, number>;
  error?: string;
}

export interface MemoryResult {
  /** Median wall time of `node bin/helios.js --version`. */
  cliStartupMs: number;
  cases: MemoryCase[];
}

export interface MemoryOptions {
  repoRoot: string;
  tmp: string;
  rounds: number;
  frames: number;
  env: NodeJS.ProcessEnv;
  inputs: Array<{ id: string; input: string; extraArgs: string[] }>;
}

async function cliStartupMs(o: MemoryOptions): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < Math.max(3, o.rounds); i++) {
    const t0 = performance.now();
    const run = await runMeasured([...publishedCliCommand(o.repoRoot), '--version'], { env: o.env });
    if (run.code !== 0) throw new Error(`helios --version exited with ${run.code}`);
    times.push(performance.now() - t0);
  }
  return medianOf(times);
}

async function runOnce(o: MemoryOptions, c: MemoryCase): Promise<MemoryRun> {
  const output = path.join(o.tmp, `memory-${c.id}.mp4`);
  const before = loadAverage();
  try {
    const run = await runMeasured([...publishedCliCommand(o.repoRoot), 'render', ...c.args, '-o', output], { env: o.env, pss: true });
    if (run.code !== 0) throw new Error(`helios render exited with ${run.code}: ${run.lines.slice(-3).map((l) => l.text).join(' | ')}`);
    const at = (re: RegExp) => run.lines.find((l) => re.test(l.text))?.ms ?? null;
    return {
      wallMs: run.wallMs,
      readyMs: at(/^rendering \d+ frames/),
      firstFrameMs: at(/^frame 1\//),
      peakRssMB: mb(run.tree.peakRssBytes)!,
      peakPssMB: mb(run.tree.peakPssBytes),
      // /proc truncates command names to 15 characters.
      peakByCommand: Object.fromEntries(Object.entries(run.tree.peakByCommand).map(([k, v]) => [k === 'chromium-headle' ? 'chromium-headless-shell' : k, mb(v)!])),
      processes: run.tree.processes,
      loadAverage: before,
    };
  } finally {
    await rm(output, { force: true });
  }
}

export async function runMemory(o: MemoryOptions): Promise<MemoryResult> {
  const cases: MemoryCase[] = o.inputs.map((i) => ({
    id: i.id,
    args: [i.input, '--width', '1920', '--height', '1080', '--frames', String(o.frames), ...i.extraArgs],
    frames: o.frames,
    runs: [],
  }));
  const startup = await cliStartupMs(o);
  for (let round = 0; round < o.rounds; round++) {
    for (const c of cases) {
      if (c.error) continue;
      try {
        const run = await runOnce(o, c);
        c.runs.push(run);
        process.stderr.write(
          `[memory ${c.id}] round ${round + 1}/${o.rounds}: first frame ${Math.round(run.firstFrameMs ?? -1)} ms after spawn, ` +
            `peak RSS ${run.peakRssMB} MB / PSS ${run.peakPssMB} MB over ${run.processes} processes (load avg ${run.loadAverage[0]})\n`,
        );
      } catch (error) {
        c.error = error instanceof Error ? error.message : String(error);
        process.stderr.write(`[memory ${c.id}] FAILED: ${c.error}\n`);
      }
    }
  }
  for (const c of cases) {
    if (c.error || !c.runs.length) continue;
    const firstFrameMs = medianOf(c.runs.map((r) => r.firstFrameMs ?? NaN));
    const byPss = [...c.runs].sort((a, b) => (a.peakPssMB ?? 0) - (b.peakPssMB ?? 0));
    c.peakByCommand = byPss[Math.floor((byPss.length - 1) / 2)]!.peakByCommand;
    c.median = {
      readyMs: medianOf(c.runs.map((r) => r.readyMs ?? NaN)),
      firstFrameMs,
      firstFrameAfterStartupMs: firstFrameMs - startup,
      peakRssMB: medianOf(c.runs.map((r) => r.peakRssMB)),
      peakPssMB: medianOf(c.runs.map((r) => r.peakPssMB ?? NaN)),
      wallMs: medianOf(c.runs.map((r) => r.wallMs)),
    };
  }
  return { cliStartupMs: startup, cases };
}
