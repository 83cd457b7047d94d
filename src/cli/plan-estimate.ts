import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { planJob, type PlanJobOptions } from '../jobs/plan-job.js';
import { estimateVideo } from '../plan/measured-timings.js';
import { describeEstimate, estimatePipeline, type EstimateVideo } from '../plan/pipeline-estimate.js';
import { DEFAULT_TIMINGS, mergeTimings, readTimingsText } from '../plan/pipeline-timings.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { CliContext } from './cli-context.js';
import { contextOptions } from './render-flags.js';

/** plan's --estimate flags as commander gives them. */
export interface EstimateFlags {
  estimate?: boolean;
  runners?: string;
  maxParallel?: string;
  timings?: string;
}

export function addEstimateFlags(cmd: Command): Command {
  return cmd
    .option('--estimate', "print the modelled GitHub Actions wall time for each candidate chunk count and the best one, instead of writing the job spec")
    .option('--runners <n>', `jobs the account runs at once (GitHub Free: ${DEFAULT_TIMINGS.jobLimit}; Team 60, Enterprise 500)`, String(DEFAULT_TIMINGS.jobLimit))
    .option('--max-parallel <n>', "the matrix's strategy.max-parallel, when it is lower than --runners")
    .option('--timings <file>', 'measured figures: a stitch step job summary (Markdown) or a JSON file of figures; default: the stated defaults');
}

/** --runners (the account's job limit) and --max-parallel (the matrix's own cap), checked. */
export function estimateRunners(flags: EstimateFlags): { runners: number; maxParallel: number | undefined } {
  const whole = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidOptionError(`{${name}} must be a whole number of at least 1, got ${JSON.stringify(value)}`, name);
    return n;
  };
  const runners = whole('runners', flags.runners) ?? DEFAULT_TIMINGS.jobLimit;
  const maxParallel = whole('maxParallel', flags.maxParallel);
  return { runners, maxParallel };
}

/** The video from the flags alone when they say everything the model needs (no browser), else null. */
function videoFromFlags(o: PlanJobOptions): EstimateVideo | null {
  if (o.frames === undefined || o.width === undefined || o.height === undefined) return null;
  if (o.mode !== 'dom' && o.mode !== 'canvas') return null;
  return { totalFrames: o.frames, width: o.width, height: o.height, mode: o.mode };
}

/**
 * `helios plan --estimate`: the page's metadata (or --frames, --width, --height and --mode
 * dom|canvas, which need no browser), the figures (--timings or the defaults), and the table.
 * Runners beyond the account's job limit do not help: the model caps them at it.
 */
export async function runPlanEstimate(options: PlanJobOptions, flags: EstimateFlags, ctx: CliContext): Promise<number> {
  const { runners, maxParallel } = estimateRunners(flags);
  let source = 'defaults: see src/plan/pipeline-timings.ts';
  let measured = {};
  if (flags.timings) {
    let text: string;
    try {
      text = await readFile(flags.timings, 'utf8');
    } catch (error) {
      throw new InvalidOptionError(`{timings}: cannot read ${flags.timings} (${(error as NodeJS.ErrnoException).code ?? String(error)}): pass a job summary or JSON file that exists`, 'timings');
    }
    measured = readTimingsText(text, flags.timings);
    source = `measured in ${flags.timings}, defaults for the rest`;
  }
  // --runners is the account's job limit (a jobLimit in the file wins); --max-parallel caps the matrix below it.
  const timings = mergeTimings({ jobLimit: runners, ...measured });
  const video = videoFromFlags(options) ?? estimateVideo(await planJob({ ...options, ...contextOptions(ctx) }));
  const estimate = estimatePipeline(video, { runners: maxParallel ?? runners, timings, maxChunks: options.maxChunks, minFramesPerChunk: options.minFramesPerChunk });
  ctx.stdout.write(`${describeEstimate(estimate, source).join('\n')}\n`);
  return estimate.best.chunks;
}
