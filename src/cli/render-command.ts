import type { Command } from 'commander';
import { createLocalAdapter } from '../jobs/local-adapter.js';
import { parseConcurrency, renderJob } from '../jobs/render-job.js';
import { renderVideo } from '../render/render-video.js';
import { InvalidOptionError } from '../shared/errors.js';
import type { CliContext } from './cli-context.js';
import { createProgressReporter } from './progress-bar.js';
import { addCompositionFlags, addEncodeFlags, addSplitFlags, renderOptionsFromFlags, type Flags } from './render-flags.js';

/** One process renders the whole range (the default, --concurrency 1). */
async function renderInProcess(input: string, flags: Flags, ctx: CliContext): Promise<void> {
  const progress = createProgressReporter(ctx.stderr);
  try {
    const result = await renderVideo({ ...renderOptionsFromFlags(input, flags, ctx), onProgress: (p) => progress.update(p) });
    progress.done();
    const seconds = result.timings.totalMs / 1000;
    ctx.stderr.write(
      `rendered ${result.frameCount} frames in ${seconds.toFixed(1)}s (${(result.frameCount / seconds).toFixed(1)} fps, ${result.mode} mode via ${result.captureMethod})\n`,
    );
    ctx.stdout.write(`${result.output}\n`);
  } finally {
    progress.done();
  }
}

/** Plans chunks, renders them in worker processes, stitches (--concurrency N, or --resume). */
async function renderDistributed(input: string | undefined, flags: Flags, ctx: CliContext): Promise<void> {
  const progress = createProgressReporter(ctx.stderr);
  const s = (k: string) => flags[k] as string | undefined;
  const passOn = [...(s('browser') ? ['--browser', s('browser')!] : []), ...(s('ffmpeg') ? ['--ffmpeg', s('ffmpeg')!] : [])];
  try {
    const result = await renderJob({
      ...renderOptionsFromFlags(input ?? '', flags, ctx),
      concurrency: s('concurrency'),
      chunks: s('chunks'),
      framesPerChunk: s('framesPerChunk'),
      maxChunks: s('maxChunks'),
      minFramesPerChunk: s('minFramesPerChunk'),
      retries: s('retries'),
      retryDelay: s('retryDelay'),
      jobsDir: s('jobsDir'),
      resume: s('resume'),
      adapter: createLocalAdapter({ command: ctx.selfCommand, extraArgs: passOn, env: ctx.env }),
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    ctx.stderr.write(
      `rendered ${result.frames} frames in ${result.wallSeconds.toFixed(1)}s with ${result.job.spec.chunks.length} chunks ` +
        `(the chunks' own render times add up to ${result.chunkSeconds.toFixed(1)}s; stitched in ${result.seconds.toFixed(2)}s)\n`,
    );
    ctx.stdout.write(`${result.output}\n`);
  } finally {
    progress.done();
  }
}

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('render')
    .summary('render a composition to a video file')
    .description(
      'Render an HTML composition (an .html file, a folder with index.html, or an http(s) URL) to MP4 or WebM.\n' +
        'Frame N of the output shows the page at t = N / fps, whichever clock the page reads.\n' +
        'With --concurrency N the frames are split into chunks rendered by N worker processes and stitched\n' +
        'without re-encoding; the job is kept in --jobs-dir so --resume <id> can finish it after a crash.',
    )
    .argument('[input]', '.html file, folder with index.html, or http(s) URL (not with --resume)')
    .option('-o, --output <file>', 'output file (.mp4 or .webm); default out.mp4');
  addCompositionFlags(cmd)
    .option('--no-headless', 'show the browser window (needs a display)')
    .option('--start-frame <n>', 'first frame to render (a segment of a longer video)')
    .option('--frame-count <n>', 'number of frames to render from --start-frame');
  addEncodeFlags(cmd)
    .option('--concurrency <n>', 'worker processes rendering chunks at once (each with its own browser)', '1');
  addSplitFlags(cmd)
    .option('--retries <n>', 'extra attempts for a chunk that fails', '2')
    .option('--retry-delay <seconds>', 'wait before the first retry (doubles after each)', '1')
    .option('--jobs-dir <dir>', 'where jobs are kept', '.helios/jobs')
    .option('--resume <id>', 'finish an earlier job, rendering only its missing chunks (see helios jobs)')
    .action(async (input: string | undefined, flags: Flags) => {
      const concurrency = parseConcurrency(flags.concurrency as string);
      if (flags.resume) return renderDistributed(undefined, flags, ctx);
      if (!input) throw new InvalidOptionError('missing <input>: pass an .html file, a folder with index.html, or an http(s) URL');
      if (concurrency > 1 || flags.chunks || flags.framesPerChunk) return renderDistributed(input, flags, ctx);
      return renderInProcess(input, flags, ctx);
    });
}
