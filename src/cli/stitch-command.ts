import type { Command } from 'commander';
import { stitchJob } from '../jobs/stitch-job.js';
import type { CliContext } from './cli-context.js';
import { readJobSpecFile } from './render-chunk-command.js';

export function registerStitchCommand(program: Command, ctx: CliContext): void {
  program
    .command('stitch')
    .summary('join a job\'s segments into the final video (no re-encode)')
    .requiredOption('--job <file>', 'job spec written by helios plan')
    .requiredOption('--segments <dir>', 'folder with every segment-NNNN.* and segment-NNNN.json')
    .option('-o, --output <file>', 'the video; default: the job\'s output path')
    .option('--audio <file>', 'soundtrack from t = 0 (default: the job\'s)')
    .option('--ffmpeg <path>', 'ffmpeg binary')
    .action(async (flags: { job: string; segments: string; output?: string; audio?: string; ffmpeg?: string }) => {
      const spec = await readJobSpecFile(flags.job);
      const result = await stitchJob({ spec, segmentsDir: flags.segments, output: flags.output, audioFile: flags.audio, ffmpeg: flags.ffmpeg, env: ctx.env, logger: ctx.logger, signal: ctx.signal });
      ctx.stderr.write(`stitched ${spec.chunks.length} segments (${result.frames} frames) in ${result.seconds.toFixed(2)}s\n`);
      ctx.stdout.write(`${result.output}\n`);
    });
}
