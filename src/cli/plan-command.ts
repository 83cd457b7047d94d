import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidOptionError } from '../shared/errors.js';
import { checkPlanJobOptions, planJob, type PlanJobOptions } from '../jobs/plan-job.js';
import { describePlan } from '../plan/plan-chunks.js';
import { serializeJobSpec, type JobSpec } from '../plan/job-spec.js';
import { prepareOutput } from '../shared/atomic-output.js';
import type { CliContext } from './cli-context.js';
import { addEstimateFlags, runPlanEstimate, type EstimateFlags } from './plan-estimate.js';
import { addCompositionFlags, addEncodeFlags, addSplitFlags, contextOptions, renderOptionsFromFlags, type RenderFlags } from './render-flags.js';

/** `helios plan`'s options: the job's (its `output` is the video), and where the spec goes. */
export interface PlanCommandOptions extends Omit<PlanJobOptions, 'env' | 'logger' | 'signal' | 'onProgress'> {
  specFile: string;
}

/** Here --output is the spec file and --video the video the job makes. */
export interface PlanCommandFlags extends RenderFlags, EstimateFlags {
  video?: string;
  /** False with --no-pin-browser. */
  pinBrowser?: boolean;
}

/** Types and checks plan's flags before a browser starts. */
export function planCommandOptionsFromFlags(input: string, flags: PlanCommandFlags): PlanCommandOptions {
  try {
    const options = { ...renderOptionsFromFlags({ ...flags, output: flags.video }), input, specFile: flags.output ?? 'job.json', pinBrowser: flags.pinBrowser !== false };
    checkPlanJobOptions(options);
    return options;
  } catch (error) {
    // The engine's `output` (the video) is --video here: --output is the spec file.
    throw error instanceof InvalidOptionError ? error.withOptionRenamed('output', 'video') : error;
  }
}

/** `helios plan`: writes the job spec, prints its path. */
export async function runPlanCommand(options: PlanCommandOptions, ctx: CliContext): Promise<JobSpec> {
  const spec = await planJob({ ...options, ...contextOptions(ctx) });
  const out = await prepareOutput(options.specFile);
  await writeFile(out.tempPath, serializeJobSpec(spec));
  await out.commit();
  ctx.stderr.write(`job ${spec.id}: ${describePlan(spec.chunks)} at ${spec.render.width}x${spec.render.height}, ${spec.render.fps} fps (${spec.render.mode} mode)\n`);
  if (spec.browser.build) ctx.stderr.write(`browser ${spec.browser.build}: every chunk must be drawn by this build (--no-pin-browser to allow others)\n`);
  ctx.stdout.write(`${out.path}\n`);
  return spec;
}

export function registerPlanCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('plan')
    .summary('split a composition into chunks and write the job spec')
    .description('Open the composition, resolve its metadata, split its frames into chunks and write a versioned job spec (JSON) that helios render-chunk and the Actions render step read.')
    .argument('<input>', '.html file, folder with index.html, or http(s) URL')
    .option('-o, --output <file>', 'where to write the job spec', 'job.json')
    .option('--video <file>', 'the final video the job produces: .mp4, .webm, .mov, .gif, or frames/%05d.png; default out.<format>')
    .option(
      '--no-pin-browser',
      "let each chunk use whatever browser its worker finds (default: the job records this browser's build and render-chunk refuses any other, since another build can draw differently at the seams; the stitch still refuses segments of different builds unless --allow-mixed-builds)",
    );
  addCompositionFlags(cmd);
  addEncodeFlags(cmd);
  addEstimateFlags(addSplitFlags(cmd)).action(async (input: string, flags: PlanCommandFlags) => {
    const options = planCommandOptionsFromFlags(input, flags);
    if (flags.estimate) await runPlanEstimate(options, flags, ctx);
    else await runPlanCommand(options, ctx);
  });
}
