import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { planJob } from '../jobs/plan-job.js';
import { describePlan } from '../plan/plan-chunks.js';
import { serializeJobSpec } from '../plan/job-spec.js';
import { prepareOutput } from '../shared/atomic-output.js';
import type { CliContext } from './cli-context.js';
import { addCompositionFlags, addEncodeFlags, addSplitFlags, renderOptionsFromFlags, type Flags } from './render-flags.js';

export function registerPlanCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('plan')
    .summary('split a composition into chunks and write the job spec')
    .description('Open the composition, resolve its metadata, split its frames into chunks and write a versioned job spec (JSON) that helios render-chunk and the Actions render step read.')
    .argument('<input>', '.html file, folder with index.html, or http(s) URL')
    .option('-o, --output <file>', 'where to write the job spec', 'job.json')
    .option('--video <file>', 'the final video the job produces', 'out.mp4');
  addCompositionFlags(cmd);
  addEncodeFlags(cmd);
  addSplitFlags(cmd).action(async (input: string, flags: Flags) => {
    const specFile = flags.output as string;
    const spec = await planJob({
      ...renderOptionsFromFlags(input, { ...flags, output: flags.video }, ctx),
      chunks: flags.chunks as string | undefined,
      framesPerChunk: flags.framesPerChunk as string | undefined,
      maxChunks: flags.maxChunks as string | undefined,
      minFramesPerChunk: flags.minFramesPerChunk as string | undefined,
    });
    const out = await prepareOutput(specFile);
    await writeFile(out.tempPath, serializeJobSpec(spec));
    await out.commit();
    ctx.stderr.write(`job ${spec.id}: ${describePlan(spec.chunks)} at ${spec.render.width}x${spec.render.height}, ${spec.render.fps} fps (${spec.render.mode} mode)\n`);
    ctx.stdout.write(`${out.path}\n`);
  });
}
