import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BenchCase } from './cases.js';
import { measureCapture, measureEncode, measureEndToEnd, type CaseRun } from './measure.js';
import { measurePageEncode } from './page-encode.js';
import { emptyResult, type CaseResult, type Round } from './report.js';

/** Distinct captured frames kept in memory for the encode-only pass. */
const SAMPLE_FRAMES = 30;

export interface CaseContext {
  frames: number;
  /** Rounds of (capture-only, encode-only, end-to-end); every case runs round 1 before any case runs round 2. */
  repeat: number;
  tmp: string;
  tools: { ffmpeg: string; ffprobe: string };
  env: NodeJS.ProcessEnv;
  /** Told what is running now (for warnings that arrive out of band). */
  onPhase?: (phase: string) => void;
}

export const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** The element with the median `key` (the lower middle for an even count). */
export function median<T>(items: T[], key: (t: T) => number): T {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor((items.length - 1) / 2)]!;
}

/** The median of plain numbers (lower middle for an even count). */
export const medianOf = (values: number[]): number => median(values, (v) => v);

function caseRun(c: BenchCase, input: string, ctx: CaseContext): CaseRun {
  return { input, browser: c.browser, width: c.width, height: c.height, mode: c.mode, canvasEncoder: c.canvasEncoder, frames: ctx.frames, env: ctx.env };
}

async function runRound(c: BenchCase, run: CaseRun, ctx: CaseContext, index: number, log: (m: string) => void): Promise<Round> {
  const round: Round = { loadAverage: loadAverage() } as Round;
  const phase = (name: string) => ctx.onPhase?.(`${c.id} round ${index + 1} ${name}`);
  const encodeOut = path.join(ctx.tmp, `${c.id}-encode.mp4`);
  const renderOut = path.join(ctx.tmp, `${c.id}-render.mp4`);
  try {
    phase('capture-only');
    const captured = await measureCapture(run, SAMPLE_FRAMES);
    round.capture = captured.figures;
    phase('encode-only');
    round.encode =
      captured.figures.method === 'webcodecs'
        ? await measurePageEncode(run, ctx.tools.ffmpeg, SAMPLE_FRAMES, encodeOut)
        : await measureEncode(run, ctx.tools.ffmpeg, captured.samples, captured.encode, encodeOut);
    // A composition shorter than the run is lengthened with --frames (what follows its end is rendered too).
    round.totalFramesOverride = captured.totalFrames === null || captured.totalFrames < run.frames ? run.frames : undefined;
    phase('end-to-end');
    round.endToEnd = await measureEndToEnd(run, ctx.tools.ffprobe, renderOut, round.totalFramesOverride);
    if (round.endToEnd.check.frames !== run.frames) throw new Error(`the rendered video has ${round.endToEnd.check.frames} frames, expected ${run.frames}`);
    log(
      `capture ${round.capture.mode}/${round.capture.method} ${round.capture.fps.toFixed(1)} fps, encode ${round.encode.fps.toFixed(1)} fps, ` +
        `render ${round.endToEnd.fpsTotal.toFixed(1)} fps total / ${round.endToEnd.fpsLoop.toFixed(1)} loop (load avg ${round.loadAverage[0]})`,
    );
    return round;
  } finally {
    // Videos are only measured, never kept.
    await rm(encodeOut, { force: true });
    await rm(renderOut, { force: true });
  }
}

/** Fills in the medians and ratios once every round has run. */
function summarize(result: CaseResult): void {
  const capture = median(result.rounds, (r) => r.capture.fps).capture;
  const encode = median(result.rounds, (r) => r.encode.fps).encode;
  const endToEnd = median(result.rounds, (r) => r.endToEnd.fpsTotal).endToEnd;
  const floor = Math.min(capture.fps, encode.fps);
  const serialFps = 1 / (1 / capture.fps + 1 / encode.fps);
  Object.assign(result, {
    capture,
    encode,
    endToEnd,
    totalFramesOverride: result.rounds[0]!.totalFramesOverride,
    ratio: {
      total: endToEnd.fpsTotal / floor,
      loop: endToEnd.fpsLoop / floor,
      bottleneck: capture.fps <= encode.fps ? 'capture' : 'encode',
      serialFps,
      loopVsSerial: endToEnd.fpsLoop / serialFps,
    },
  });
}

/**
 * Runs `repeat` rounds of every case, interleaved (round 1 of every case, then round 2, …),
 * so a burst of load from other users of the machine hits all cases alike; each case
 * reports the median of each measurement. A case that fails is not run again.
 */
export async function runCases(cases: Array<{ c: BenchCase; input: string }>, ctx: CaseContext): Promise<CaseResult[]> {
  const results = cases.map(({ c, input }) => emptyResult(c, input, ctx.frames, loadAverage()));
  for (let i = 0; i < ctx.repeat; i++) {
    for (const [k, { c, input }] of cases.entries()) {
      const result = results[k]!;
      if (result.error) continue;
      const log = (msg: string) => process.stderr.write(`[${c.id}] ${msg}\n`);
      log(`round ${i + 1}/${ctx.repeat}, ${ctx.frames} frames…`);
      try {
        result.rounds.push(await runRound(c, caseRun(c, input, ctx), ctx, i, (m) => log(`  ${m}`)));
      } catch (error) {
        result.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        log(`FAILED: ${result.error}`);
      }
    }
  }
  for (const result of results) if (!result.error && result.rounds.length) summarize(result);
  return results;
}
