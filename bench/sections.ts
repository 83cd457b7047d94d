/**
 * The parts of the benchmark after the per-case measurements, run in order: floor (DOM capture
 * of an empty page), presets (encoder cost and quality per preset), formats (encode cost and
 * size per output format, and the GIF/PNG finishing step), concurrency, memory (time
 * to first frame + peak RSS at 1080p), stitch, reach (time for a render starting at frame S
 * to get there). The GitHub Actions matrix model and the page-fault probe are in research/.
 * Each one's failure is recorded and the others still run.
 */
import path from 'node:path';
import { addCeiling, runCaptureFloor } from './capture-floor.js';
import { runConcurrency } from './concurrency.js';
import { runFormats } from './formats.js';
import { runMemory } from './memory.js';
import { runPresets } from './presets.js';
import { runReach } from './reach.js';
import type { CaseResult } from './report.js';
import type { Sections } from './report-sections.js';
import { addRenderEstimates, runStitchBench } from './stitch-bench.js';

export const SECTION_NAMES = ['cases', 'floor', 'presets', 'formats', 'concurrency', 'memory', 'stitch', 'reach'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export interface SectionsContext {
  sections: readonly SectionName[];
  short: boolean;
  repeat: number;
  repoRoot: string;
  examplesDir: string;
  tmp: string;
  tools: { ffmpeg: string; ffprobe: string };
  env: NodeJS.ProcessEnv;
  cases: CaseResult[];
  onPhase: (phase: string) => void;
  /** Problems that make the run fail (exit 1). */
  failures: string[];
  /** Problems that do not. */
  warnings: string[];
}

/** Frames per run of each section: full / --short. */
const CONCURRENCY_FRAMES = 300;
const MEMORY_FRAMES = { full: 150, short: 60 };
const PRESET_FRAMES = { full: 300, short: 90 };
const FLOOR_FRAMES = { full: 300, short: 90 };
const FORMAT_FRAMES = { full: 90, short: 60 };

const e2eFps = (cases: CaseResult[], id: string) => cases.find((c) => c.id === id)?.endToEnd?.fpsTotal;

async function guarded<T>(name: string, ctx: SectionsContext, run: () => Promise<T>): Promise<T | undefined> {
  ctx.onPhase(name);
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[${name}] FAILED: ${message}\n`);
    ctx.failures.push(`${name}: ${message}`);
    return undefined;
  }
}

export async function runSections(ctx: SectionsContext): Promise<Sections> {
  const out: Sections = {};
  const example = (name: string) => path.join(ctx.examplesDir, name);
  const has = (s: SectionName) => ctx.sections.includes(s);
  if (has('floor')) {
    out.floor = await guarded('floor', ctx, () =>
      runCaptureFloor({ tmp: ctx.tmp, frames: ctx.short ? FLOOR_FRAMES.short : FLOOR_FRAMES.full, rounds: ctx.repeat, env: ctx.env }),
    );
    const screenshot = ctx.cases.find((c) => c.id === 'dom-720p-chromium')?.capture;
    if (out.floor) addCeiling(out.floor, screenshot ? { id: 'dom-720p-chromium', captureFps: screenshot.fps } : undefined);
  }
  if (has('presets')) {
    const run = (input: string) => ({ input: example(input), browser: undefined, width: undefined, height: undefined, mode: 'dom' as const, frames: 60, env: ctx.env });
    out.presets = await guarded('presets', ctx, () =>
      runPresets({
        ffmpeg: ctx.tools.ffmpeg,
        tmp: ctx.tmp,
        frames: ctx.short ? PRESET_FRAMES.short : PRESET_FRAMES.full,
        inputs: [
          { id: 'dom-css 720p', run: run('dom-css') },
          { id: 'canvas-raf 720p (dom mode)', run: run('canvas-raf') },
        ],
      }),
    );
  }
  if (has('formats')) {
    out.formats = await guarded('formats', ctx, () =>
      runFormats({ input: example('dom-css'), ffmpeg: ctx.tools.ffmpeg, tmp: ctx.tmp, frames: ctx.short ? FORMAT_FRAMES.short : FORMAT_FRAMES.full, env: ctx.env }),
    );
    for (const r of out.formats?.encodes ?? []) if (r.unavailable?.startsWith('failed')) ctx.failures.push(`formats ${r.label}: ${r.unavailable}`);
  }
  if (has('concurrency')) {
    out.concurrency = await guarded('concurrency', ctx, () =>
      runConcurrency({
        repoRoot: ctx.repoRoot,
        tmp: ctx.tmp,
        ffprobe: ctx.tools.ffprobe,
        rounds: ctx.repeat,
        env: ctx.env,
        inputs: [
          { id: 'canvas-raf 720p', input: example('canvas-raf'), frames: CONCURRENCY_FRAMES },
          { id: 'dom-css 720p', input: example('dom-css'), frames: CONCURRENCY_FRAMES },
        ],
      }),
    );
    for (const c of out.concurrency?.cases ?? []) if (c.error) ctx.failures.push(`concurrency ${c.id}: ${c.error}`);
  }
  if (has('memory')) {
    out.memory = await guarded('memory', ctx, () =>
      runMemory({
        repoRoot: ctx.repoRoot,
        tmp: ctx.tmp,
        rounds: ctx.repeat,
        frames: ctx.short ? MEMORY_FRAMES.short : MEMORY_FRAMES.full,
        env: ctx.env,
        inputs: [
          { id: 'dom-1080p', input: example('dom-css'), extraArgs: [] },
          { id: 'canvas-1080p', input: example('canvas-raf'), extraArgs: ['--mode', 'canvas'] },
        ],
      }),
    );
    for (const c of out.memory?.cases ?? []) if (c.error) ctx.failures.push(`memory ${c.id}: ${c.error}`);
  }
  if (has('stitch')) {
    out.stitch = await guarded('stitch', ctx, () =>
      runStitchBench({ tmp: ctx.tmp, ffmpeg: ctx.tools.ffmpeg, canvasInput: example('canvas-raf'), rounds: ctx.repeat, env: ctx.env }),
    );
    if (out.stitch) {
      const fps = ['canvas-1080p', 'dom-1080p'].flatMap((caseId) => {
        const value = e2eFps(ctx.cases, caseId);
        return value ? [{ caseId, fps: value }] : [];
      });
      if (!fps.length) ctx.warnings.push('stitch: no 1080p case ran, so there is no render time to compare the stitch with (run the cases section too)');
      addRenderEstimates(out.stitch, fps);
    }
  }
  if (has('reach')) {
    out.reach = await guarded('reach', ctx, () =>
      runReach({
        tmp: ctx.tmp,
        rounds: ctx.repeat,
        short: ctx.short,
        env: ctx.env,
        inputs: [
          { id: 'gsap', input: example('gsap') },
          { id: 'canvas-raf', input: example('canvas-raf') },
        ],
      }),
    );
    for (const e of out.reach?.examples ?? []) {
      if (e.render.error) ctx.failures.push(`reach ${e.id} ${out.reach!.renderFrames}-frame render: ${e.render.error}`);
      for (const r of e.rows) {
        if (r.error) ctx.failures.push(`reach ${e.id} S=${r.startFrame} --seek ${r.seek}: ${r.error}`);
        if (r.skipped) ctx.warnings.push(`reach ${e.id} S=${r.startFrame} --seek ${r.seek}: not run, reach estimated at ${Math.round(r.skipped.estimatedSeconds)} s (over ${out.reach!.maxEstimatedReachSeconds} s)`);
      }
    }
  }
  return out;
}
