import type { Command } from 'commander';
import { MAX_REMOTE_CONCURRENCY, type CloudSettings } from '../cloud/cloud-settings.js';
import { createLocalAdapter } from '../jobs/local-adapter.js';
import { machineConcurrency, readMachineResources } from '../jobs/machine-resources.js';
import { checkRenderJobOptions, renderJob, type RenderJobOptions } from '../jobs/render-job.js';
import { CORES_PER_WORKER, defaultConcurrency, type ConcurrencyChoice, type MachineResources } from '../plan/default-concurrency.js';
import { renderVideo } from '../render/render-video.js';
import { InvalidOptionError } from '../shared/errors.js';
import { addBackendFlags, cloudSettingsFromFlags, DEFAULT_REMOTE_CONCURRENCY, type BackendFlags } from './backend-flags.js';
import type { CliContext } from './cli-context.js';
import { createProgressReporter } from './progress-bar.js';
import { addCompositionFlags, addEncodeFlags, addSplitFlags, contextOptions, renderOptionsFromFlags, type RenderFlags } from './render-flags.js';

/** `helios render`'s options, typed and checked: a render job's, without the input when resuming. */
export type RenderCommandOptions = Omit<RenderJobOptions, 'input' | 'adapter' | 'env' | 'logger' | 'signal' | 'onProgress' | 'onJob' | 'timeLimit'> & {
  input?: string;
  /** Remote workers (--backend lambda|cloudrun); none renders here. */
  cloud?: CloudSettings;
  /** Set when --concurrency was left out and the machine's cores chose it (printed once). */
  concurrencyChoice?: ConcurrencyChoice;
};

export interface RenderCommandFlags extends RenderFlags, BackendFlags {
  jobsDir?: string;
  resume?: string;
}

/**
 * Types and checks render's flags: everything that needs no page is refused here, before a browser starts.
 * Without --concurrency: remote backends take DEFAULT_REMOTE_CONCURRENCY, local renders as many
 * workers as `machine`'s cores support (src/plan/default-concurrency.ts; 1 on 2 cores).
 */
export function renderCommandOptionsFromFlags(
  input: string | undefined,
  flags: RenderCommandFlags,
  env: NodeJS.ProcessEnv = {},
  machine: () => MachineResources = readMachineResources,
): RenderCommandOptions {
  const options: RenderCommandOptions = { ...renderOptionsFromFlags(flags), input, jobsDir: flags.jobsDir, resume: flags.resume };
  if (!options.resume && !input) throw new InvalidOptionError('missing <input>: pass an .html file, a folder with index.html, or an http(s) URL');
  checkRenderJobOptions({ ...options, input: input ?? '' });
  options.cloud = cloudSettingsFromFlags(flags, env, options.concurrency);
  if (options.cloud) options.concurrency ??= DEFAULT_REMOTE_CONCURRENCY;
  else if (options.concurrency === undefined) {
    options.concurrencyChoice = defaultConcurrency(machine());
    options.concurrency = options.concurrencyChoice.workers;
  }
  return options;
}

/** One process renders the whole range (--concurrency 1, the default on 2 or fewer cores). */
async function renderInProcess(options: RenderCommandOptions & { input: string }, ctx: CliContext): Promise<void> {
  const progress = createProgressReporter(ctx.stderr);
  const { concurrencyChoice: _chosen, ...renderOptions } = options;
  try {
    const result = await renderVideo({ ...renderOptions, ...contextOptions(ctx), onProgress: (p) => progress.update(p) });
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

/** Plans chunks, renders them in worker processes or remote workers, stitches (--concurrency N, --backend, or --resume). */
async function renderDistributed(options: RenderCommandOptions, ctx: CliContext): Promise<void> {
  const progress = createProgressReporter(ctx.stderr);
  const passOn = [...(options.browser ? ['--browser', options.browser] : []), ...(options.ffmpeg ? ['--ffmpeg', options.ffmpeg] : [])];
  const { cloud: settings, concurrencyChoice: _chosen, ...jobOptions } = options;
  // Remote: the bucket and the function or service are checked before any browser starts.
  // The cloud SDKs load only here: every local worker is a CLI process, and they cost it 0.7 s.
  const cloud = settings ? await (await import('../cloud/cloud-backend.js')).openCloudBackend(settings, { env: ctx.env, ffmpeg: options.ffmpeg, logger: ctx.logger, signal: ctx.signal, concurrency: options.concurrency ?? 1 }) : undefined;
  try {
    const result = await renderJob({
      ...jobOptions,
      input: options.input ?? '',
      ...contextOptions(ctx),
      adapter: cloud?.adapter ?? createLocalAdapter({ command: ctx.selfCommand, extraArgs: passOn, env: ctx.env }),
      timeLimit: cloud?.timeLimit(options.chunks !== undefined || options.framesPerChunk !== undefined),
      // Remote workers draw with their image's browser, not the one planning here.
      pinBrowser: !cloud,
      onProgress: (p) => progress.update(p),
    });
    progress.done();
    ctx.stderr.write(
      `rendered ${result.frames} frames in ${result.wallSeconds.toFixed(1)}s with ${result.job.spec.chunks.length} chunks ` +
        `(the chunks' own render times add up to ${result.chunkSeconds.toFixed(1)}s; stitched in ${result.stitchSeconds.toFixed(2)}s)\n`,
    );
    if (cloud) {
      for (const line of cloud.summary()) ctx.stderr.write(`${line}\n`);
      await cloud.cleanup(result.job.spec).catch((error: Error) => ctx.logger.warn(`could not delete the job's segments from the bucket: ${error.message}`));
    }
    ctx.stdout.write(`${result.output}\n`);
  } finally {
    progress.done();
  }
}

/** `helios render`: in this process, or split into chunks with --concurrency, --chunks, --frames-per-chunk or --resume. */
export async function runRenderCommand(options: RenderCommandOptions, ctx: CliContext): Promise<void> {
  const chosen = options.concurrencyChoice;
  if (chosen) ctx.logger.info(`concurrency ${chosen.workers} (${chosen.reason}; --concurrency to change)`);
  const split = (options.concurrency ?? 1) > 1 || options.chunks !== undefined || options.framesPerChunk !== undefined || options.cloud !== undefined;
  if (options.resume || split || !options.input) return renderDistributed(options, ctx);
  return renderInProcess({ ...options, input: options.input }, ctx);
}

export function registerRenderCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('render')
    .summary('render a composition to a video file')
    .description(
      'Render an HTML composition (an .html file, a folder with index.html, or an http(s) URL) to MP4, WebM, MOV, GIF\n' +
        'or PNG frames (with --transparent: ProRes 4444, VP9 with alpha, PNG); data for the page with --props.\n' +
        'Frame N of the output shows the page at t = N / fps, whichever clock the page reads.\n' +
        'With --concurrency N the frames are split into chunks rendered by N worker processes and stitched\n' +
        'without re-encoding; the job is kept in --jobs-dir so --resume <id> can finish it after a crash.\n' +
        `Without --concurrency, one worker per ${CORES_PER_WORKER} cores (as free memory allows, ~1 GB each): ` +
        `one worker already keeps ${CORES_PER_WORKER} cores busy, so 2 cores render in one process.`,
    )
    .argument('[input]', '.html file, folder with index.html, or http(s) URL (not with --resume)')
    .option('-o, --output <file>', 'output file: .mp4, .webm, .mov, .gif, or frames/%05d.png for PNG frames; default out.mp4');
  addCompositionFlags(cmd)
    .option('--no-headless', 'show the browser window (needs a display)')
    .option('--start-frame <n>', 'first frame to render (a segment of a longer video)')
    .option('--frame-count <n>', 'number of frames to render from --start-frame');
  addEncodeFlags(cmd)
    .option(
      '--concurrency <n>',
      `chunks rendering at once: worker processes here, each with its own browser (default: one per ${CORES_PER_WORKER} cores, ` +
        `${machineConcurrency().workers} on this machine), or remote workers (default ${DEFAULT_REMOTE_CONCURRENCY}, at most ${MAX_REMOTE_CONCURRENCY})`,
    );
  addSplitFlags(addBackendFlags(cmd))
    .option('--retries <n>', 'extra attempts for a chunk that fails', '2')
    .option('--retry-delay <seconds>', 'wait before the first retry (doubles after each)', '1')
    .option('--jobs-dir <dir>', 'where jobs are kept', '.helios/jobs')
    .option('--resume <id>', 'finish an earlier job, rendering only its missing chunks (see helios jobs)')
    .action(async (input: string | undefined, flags: RenderCommandFlags) => {
      await runRenderCommand(renderCommandOptionsFromFlags(input, flags, ctx.env), ctx);
    });
}
