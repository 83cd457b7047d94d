import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { PROGRESS_PREFIX } from '../jobs/local-adapter.js';
import { parseJobSpec } from '../plan/job-spec.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseInteger } from '../shared/parse-values.js';
import { renderChunk } from '../worker/render-chunk.js';
import type { CliContext } from './cli-context.js';
import { createProgressReporter } from './progress-bar.js';
import type { Flags } from './render-flags.js';

/** Reads and validates a job spec file, naming the file in every error. */
export async function readJobSpecFile(file: string) {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InvalidOptionError(`cannot read the job spec ${path.resolve(file)} (${error.code ?? error.message}): pass the file helios plan wrote`);
  });
  return parseJobSpec(text, file);
}

export function registerRenderChunkCommand(program: Command, ctx: CliContext): void {
  program
    .command('render-chunk')
    .summary('render one chunk of a job into a segment and its manifest')
    .description('Render chunk <i> of a job spec (from helios plan) into segment-NNNN.mp4 plus segment-NNNN.json in --out-dir.')
    .requiredOption('--job <file>', 'job spec written by helios plan')
    .requiredOption('--chunk <i>', 'chunk index (0-based)')
    .option('--out-dir <dir>', 'where the segment and manifest go; default: segments/ next to the job spec')
    .option('--browser <path>', 'Chromium binary (as for helios render)')
    .option('--ffmpeg <path>', 'ffmpeg binary (as for helios render)')
    .option('--skip-hash-check', 'render even if the composition\'s files changed since the plan')
    .option('--attempt <n>', 'attempt number to record in the manifest', '1')
    .option('--progress-lines', 'print machine-readable progress lines (for the local executor)')
    .action(async (flags: Flags) => {
      const jobFile = flags.job as string;
      const spec = await readJobSpecFile(jobFile);
      const chunkIndex = parseInteger('--chunk', flags.chunk, 0, spec.chunks.length - 1);
      const outDir = (flags.outDir as string | undefined) ?? path.join(path.dirname(path.resolve(jobFile)), 'segments');
      ctx.logger.info(`worker pid ${process.pid}: chunk ${chunkIndex} of job ${spec.id}`);
      const bar = flags.progressLines ? undefined : createProgressReporter(ctx.stderr);
      let lastLine = 0;
      const manifest = await renderChunk({
        spec,
        chunkIndex,
        outDir,
        browser: flags.browser as string | undefined,
        ffmpeg: flags.ffmpeg as string | undefined,
        skipHashCheck: Boolean(flags.skipHashCheck),
        attempt: parseInteger('--attempt', flags.attempt ?? '1', 1),
        env: ctx.env,
        logger: ctx.logger,
        signal: ctx.signal,
        onProgress: (p) => {
          if (bar) return bar.update(p);
          const now = Date.now();
          if (now - lastLine < 100 && p.renderedFrames < p.totalFrames) return;
          lastLine = now;
          ctx.stdout.write(`${PROGRESS_PREFIX}${p.renderedFrames}\n`);
        },
      });
      bar?.done();
      ctx.logger.info(`chunk ${chunkIndex} done: ${manifest.frames} frames in ${manifest.timings.totalSeconds.toFixed(1)}s -> ${path.join(outDir, manifest.segment)}`);
    });
}
