/**
 * What it costs a render that starts at frame S to get there: for each example and each
 * (--seek mode, S), `renderVideo({ startFrame: S, frameCount: 1 })` as a worker of a chunk
 * calls it (composition length overridden to S + 1 frames where the page is shorter; its
 * own animation simply ends), timed three ways:
 * - total: the wall time of the call (browser launch, load, reach, one frame, encoder finish);
 * - reach: from the engine's "rendering …" info line (page loaded and ready, capturer chosen)
 *   to its "reached frame S in Xs (--seek M: N ticks without painting)" line, which also
 *   gives the tick count (the engine logs it only when it ticked; jump ticks nothing);
 * - first frame: from the "rendering …" line until frame S went to the encoder; minus the
 *   same for S = 0 it is what reaching S added, for every mode (jump included).
 * In the same run and rounds, a 90-frame render from frame 0 gives the example's normal
 * cost per frame (frame loop of 90 frames minus that of 1 frame, over 89), so the report
 * can put a skipped frame next to a rendered one.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SeekMode } from '../src/browser/runtime/tick-plan.js';
import { renderVideo } from '../src/render/render-video.js';
import type { Logger } from '../src/shared/logger.js';
import { renderOptionsFor } from './measure.js';
import { loadAverage, medianOf } from './run-case.js';

/** Frames of the normal render the per-frame cost is taken from. */
export const REACH_RENDER_FRAMES = 90;

/**
 * A (example, S, mode) whose reach, extrapolated from the same mode at a smaller S in the
 * first round (time × S / smaller S), would take longer than this is not run: a page
 * that costs a rendered frame's worth per tick would hold the bench for an hour at S = 18000.
 */
export const MAX_ESTIMATED_REACH_SECONDS = 300;

export interface ReachPoint {
  startFrame: number;
  seek: SeekMode;
}

/** S = 0 (no reach: the baseline), then fast-forward and replay at each S, jump at the largest. */
export function reachPoints(short: boolean): ReachPoint[] {
  const targets = short ? [1800] : [1800, 18000];
  return [
    { startFrame: 0, seek: 'fast-forward' },
    ...targets.flatMap((startFrame): ReachPoint[] => [
      { startFrame, seek: 'fast-forward' },
      { startFrame, seek: 'replay' },
    ]),
    ...(short ? [] : [{ startFrame: 18000, seek: 'jump' as const }]),
  ];
}

export interface ReachRun {
  wallMs: number;
  /** "rendering …" line to "reached frame …" line; null when the engine did not tick (S = 0, jump). */
  reachMs: number | null;
  /** Seconds the engine itself logged (one decimal). */
  loggedSeconds: number | null;
  ticks: number | null;
  /** "rendering …" line until the first frame went to the encoder. */
  firstFrameMs: number | null;
  /** timings.renderMs: encoder start, reach, frames, encoder finish. */
  renderMs: number;
  loadAverage: number[];
}

export interface ReachRow extends ReachPoint {
  runs: ReachRun[];
  /** Not run: the extrapolated reach was over MAX_ESTIMATED_REACH_SECONDS. */
  skipped?: { estimatedSeconds: number; fromStartFrame: number };
  median?: {
    wallMs: number;
    reachMs: number | null;
    ticks: number | null;
    firstFrameMs: number | null;
    /** median first frame ms minus that of S = 0. */
    addedMs: number | null;
    /** reachMs (else addedMs) / S. */
    msPerSkippedFrame: number | null;
    /** msPerSkippedFrame / the example's render ms per frame. */
    ofRenderFrame: number | null;
  };
  error?: string;
}

export interface ReachExample {
  id: string;
  input: string;
  /** The composition's own frame count. */
  totalFrames: number | null;
  mode: string;
  method: string;
  rows: ReachRow[];
  /** The 90-frame render from frame 0, per round. */
  render: { runs: Array<{ wallMs: number; renderMs: number }>; error?: string };
  /** (median renderMs of 90 frames - median renderMs of the 1-frame S = 0 run) / 89. */
  renderMsPerFrame: number | null;
  /** median renderMs of 90 frames / 90 (encoder start and finish included). */
  loopMsPerFrame: number | null;
}

export interface ReachResult {
  renderFrames: number;
  rounds: number;
  maxEstimatedReachSeconds: number;
  examples: ReachExample[];
}

export interface ReachOptions {
  tmp: string;
  rounds: number;
  short: boolean;
  env: NodeJS.ProcessEnv;
  inputs: Array<{ id: string; input: string }>;
}

const REACHED = /^reached frame (\d+) in ([0-9.]+)s \(--seek [a-z-]+: (\d+) ticks/;

/** One renderVideo call; the log lines are timed as they arrive. */
async function renderOnce(o: ReachOptions, input: string, output: string, startFrame: number, frameCount: number, seek: SeekMode, totalFrames: number | null) {
  let readyAt: number | null = null;
  let reachedAt: number | null = null;
  let firstAt: number | null = null;
  let reached: RegExpExecArray | null = null;
  const logger: Logger = {
    debug() {},
    warn(message) {
      process.stderr.write(`[reach] engine warning: ${message}\n`);
    },
    info(message) {
      if (readyAt === null && message.startsWith('rendering ')) readyAt = performance.now();
      const m = REACHED.exec(message);
      if (m) {
        reachedAt = performance.now();
        reached = m;
      }
    },
  };
  const run = { input, browser: undefined, width: undefined, height: undefined, frames: frameCount, env: o.env };
  const needed = startFrame + frameCount;
  // Unknown length (the first call, which starts at 0): the page's own; else S + 1 frames where the page is shorter.
  const override = (totalFrames === null ? startFrame > 0 : needed > totalFrames) ? needed : undefined;
  const before = loadAverage();
  const t0 = performance.now();
  try {
    const result = await renderVideo({
      ...renderOptionsFor(run, output, override),
      startFrame,
      seek,
      logger,
      onProgress: (p) => {
        if (firstAt === null && p.renderedFrames >= 1) firstAt = performance.now();
      },
    });
    const wallMs = performance.now() - t0;
    const line = reached as RegExpExecArray | null;
    if (line && Number(line[1]) !== startFrame) throw new Error(`the engine reached frame ${line[1]}, not ${startFrame}`);
    const since = (t: number | null) => (t === null || readyAt === null ? null : t - readyAt);
    return {
      result,
      run: {
        wallMs,
        reachMs: since(reachedAt),
        loggedSeconds: line ? Number(line[2]) : null,
        ticks: line ? Number(line[3]) : startFrame > 0 ? 0 : null,
        firstFrameMs: since(firstAt),
        renderMs: result.timings.renderMs,
        loadAverage: before,
      } satisfies ReachRun,
    };
  } finally {
    await rm(output, { force: true });
  }
}

const medianOrNull = (values: Array<number | null>): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? medianOf(present) : null;
};

function summarize(e: ReachExample): void {
  const base = e.rows.find((r) => r.startFrame === 0 && !r.error);
  const baseFirst = base ? medianOrNull(base.runs.map((r) => r.firstFrameMs)) : null;
  const baseRender = base ? medianOrNull(base.runs.map((r) => r.renderMs)) : null;
  const render90 = medianOrNull(e.render.runs.map((r) => r.renderMs));
  e.loopMsPerFrame = render90 === null ? null : render90 / REACH_RENDER_FRAMES;
  e.renderMsPerFrame = render90 === null || baseRender === null ? null : (render90 - baseRender) / (REACH_RENDER_FRAMES - 1);
  for (const row of e.rows) {
    if (!row.runs.length) continue;
    const reachMs = medianOrNull(row.runs.map((r) => r.reachMs));
    const firstFrameMs = medianOrNull(row.runs.map((r) => r.firstFrameMs));
    const addedMs = firstFrameMs === null || baseFirst === null || row.startFrame === 0 ? null : firstFrameMs - baseFirst;
    const cost = reachMs ?? addedMs;
    const msPerSkippedFrame = cost === null || row.startFrame === 0 ? null : cost / row.startFrame;
    row.median = {
      wallMs: medianOf(row.runs.map((r) => r.wallMs)),
      reachMs,
      ticks: medianOrNull(row.runs.map((r) => r.ticks)),
      firstFrameMs,
      addedMs,
      msPerSkippedFrame,
      ofRenderFrame: msPerSkippedFrame === null || !e.renderMsPerFrame ? null : msPerSkippedFrame / e.renderMsPerFrame,
    };
  }
}

/** Extrapolates `row`'s reach from the same mode at the largest smaller S measured so far. */
function estimateReach(rows: ReachRow[], row: ReachRow): ReachRow['skipped'] {
  const from = rows
    .filter((r) => r.seek === row.seek && r.startFrame > 0 && r.startFrame < row.startFrame && r.runs[0]?.reachMs != null)
    .sort((a, b) => b.startFrame - a.startFrame)[0];
  if (!from) return undefined;
  return { estimatedSeconds: (from.runs[0]!.reachMs! / 1000) * (row.startFrame / from.startFrame), fromStartFrame: from.startFrame };
}

export async function runReach(o: ReachOptions): Promise<ReachResult> {
  const log = (m: string) => process.stderr.write(`[reach] ${m}\n`);
  const points = reachPoints(o.short);
  const examples: ReachExample[] = o.inputs.map((i) => ({
    id: i.id,
    input: i.input,
    totalFrames: null,
    mode: '?',
    method: '?',
    rows: points.map((p) => ({ ...p, runs: [] })),
    render: { runs: [] },
    renderMsPerFrame: null,
    loopMsPerFrame: null,
  }));
  for (let round = 0; round < o.rounds; round++) {
    for (const e of examples) {
      const output = path.join(o.tmp, `reach-${e.id.replace(/[^a-z0-9-]/gi, '_')}.mp4`);
      if (!e.render.error) {
        try {
          const { result, run } = await renderOnce(o, e.input, output, 0, REACH_RENDER_FRAMES, 'fast-forward', e.totalFrames);
          e.totalFrames = result.metadata.totalFrames;
          e.mode = result.mode;
          e.method = result.captureMethod;
          e.render.runs.push({ wallMs: run.wallMs, renderMs: run.renderMs });
          log(`${e.id} round ${round + 1}/${o.rounds}: ${REACH_RENDER_FRAMES} frames from 0 in ${(run.wallMs / 1000).toFixed(2)} s (frame loop ${(run.renderMs / 1000).toFixed(2)} s)`);
        } catch (error) {
          e.render.error = error instanceof Error ? error.message : String(error);
          log(`${e.id} ${REACH_RENDER_FRAMES}-frame render FAILED: ${e.render.error}`);
        }
      }
      for (const row of e.rows) {
        if (row.error || row.skipped) continue;
        if (round === 0) {
          const estimate = estimateReach(e.rows, row);
          if (estimate && estimate.estimatedSeconds > MAX_ESTIMATED_REACH_SECONDS) {
            row.skipped = estimate;
            log(`${e.id} S=${row.startFrame} --seek ${row.seek}: skipped, reach estimated at ${Math.round(estimate.estimatedSeconds)} s from S=${estimate.fromStartFrame} (over ${MAX_ESTIMATED_REACH_SECONDS} s)`);
            continue;
          }
        }
        try {
          const { result, run } = await renderOnce(o, e.input, output, row.startFrame, 1, row.seek, e.totalFrames);
          e.totalFrames ??= result.metadata.totalFrames;
          row.runs.push(run);
          log(
            `${e.id} round ${round + 1}/${o.rounds}: S=${row.startFrame} --seek ${row.seek}: call ${(run.wallMs / 1000).toFixed(2)} s, ` +
              `reach ${run.reachMs === null ? '-' : `${(run.reachMs / 1000).toFixed(2)} s`} (${run.ticks ?? '-'} ticks), ` +
              `first frame ${run.firstFrameMs === null ? '-' : `${(run.firstFrameMs / 1000).toFixed(2)} s`} after ready, frame loop ${(run.renderMs / 1000).toFixed(2)} s (load avg ${run.loadAverage[0]})`,
          );
        } catch (error) {
          row.error = error instanceof Error ? error.message : String(error);
          log(`${e.id} S=${row.startFrame} --seek ${row.seek} FAILED: ${row.error}`);
        }
      }
    }
  }
  for (const e of examples) summarize(e);
  return { renderFrames: REACH_RENDER_FRAMES, rounds: o.rounds, maxEstimatedReachSeconds: MAX_ESTIMATED_REACH_SECONDS, examples };
}
