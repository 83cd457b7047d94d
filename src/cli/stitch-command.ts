import type { Command } from 'commander';
import { stitchJob, type StitchJobResult } from '../jobs/stitch-job.js';
import type { CliContext } from './cli-context.js';
import { readJobSpecFile } from './render-chunk-command.js';

export interface StitchCommandOptions {
  /** The job spec file helios plan wrote. */
  job: string;
  /** Folder with every segment and its manifest. */
  segments: string;
  output?: string;
  audio?: string;
  ffmpeg?: string;
  /** Stitch segments made with different browser or ffmpeg builds (a warning, not an error). */
  allowMixedBuilds?: boolean;
}

/** `helios stitch`: joins the segments, prints the video's path. */
export async function runStitchCommand(options: StitchCommandOptions, ctx: CliContext): Promise<StitchJobResult> {
  const spec = await readJobSpecFile(options.job);
  const result = await stitchJob({ spec, segmentsDir: options.segments, output: options.output, audioFile: options.audio, ffmpeg: options.ffmpeg, allowMixedBuilds: options.allowMixedBuilds, env: ctx.env, logger: ctx.logger, signal: ctx.signal });
  ctx.stderr.write(`stitched ${spec.chunks.length} segments (${result.frames} frames) in ${result.seconds.toFixed(2)}s\n`);
  ctx.stdout.write(`${result.output}\n`);
  return result;
}

export function registerStitchCommand(program: Command, ctx: CliContext): void {
  program
    .command('stitch')
    .summary('join a job\'s segments into the final video (no re-encode)')
    .requiredOption('--job <file>', 'job spec written by helios plan')
    .requiredOption('--segments <dir>', 'folder with every segment-NNNN.* and segment-NNNN.json')
    .option('-o, --output <file>', 'the video; default: the job\'s output path')
    .option('--audio <file>', 'soundtrack from t = 0 (default: the job\'s)')
    .option('--ffmpeg <path>', 'ffmpeg binary')
    .option('--allow-mixed-builds', 'stitch segments whose manifests name different browser or ffmpeg builds, with a warning')
    // The flags are paths and one switch: they are the options as they are.
    .action(async (flags: StitchCommandOptions) => {
      await runStitchCommand(flags, ctx);
    });
}
