import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { parseJobSpec } from '../plan/job-spec.js';
import { createProgressThrottle, type RenderProgress } from '../shared/progress-rate.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseInteger } from '../shared/parse-values.js';
import { openWorkerChannel, workerErrorMessage, type WorkerChannel } from '../worker/message-channel.js';
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

/** `helios render-chunk`, fully resolved. */
export interface RenderChunkCommandOptions {
  /** Job spec written by helios plan. */
  jobFile: string;
  /** 0-based; checked against the spec's chunks once the spec is read. */
  chunkIndex: number;
  outDir: string;
  browser?: string;
  ffmpeg?: string;
  skipHashCheck: boolean;
  /** Attempt number recorded in the manifest (1 = first). */
  attempt: number;
  /** File descriptor for worker messages (JSON lines, see plan/worker-message.ts); none: a progress bar and log lines for people. */
  messageFd?: number;
}

/** Worker progress messages at most this often (the last frame is always sent). */
const PROGRESS_INTERVAL_MS = 100;

/** Converts commander's flags into typed options; checks everything that needs no job spec. */
export function renderChunkOptionsFromFlags(flags: Flags): RenderChunkCommandOptions {
  const jobFile = flags.job as string;
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  return {
    jobFile,
    chunkIndex: parseInteger('--chunk', flags.chunk, 0),
    outDir: text('outDir') ?? path.join(path.dirname(path.resolve(jobFile)), 'segments'),
    browser: text('browser'),
    ffmpeg: text('ffmpeg'),
    skipHashCheck: Boolean(flags.skipHashCheck),
    attempt: parseInteger('--attempt', flags.attempt ?? '1', 1),
    messageFd: flags.messageFd === undefined ? undefined : parseInteger('--message-fd', flags.messageFd, 3),
  };
}

/**
 * Renders one chunk. With a message channel the progress, the log, the result and a failure
 * go to the parent as messages; the error is still thrown, for the CLI's `error:` line and
 * exit status.
 */
export async function runRenderChunk(options: RenderChunkCommandOptions, ctx: CliContext): Promise<void> {
  const channel = options.messageFd === undefined ? undefined : openWorkerChannel(options.messageFd);
  try {
    await renderChunkTo(options, ctx, channel);
  } catch (error) {
    channel?.send(workerErrorMessage(error));
    throw error;
  } finally {
    await channel?.close();
  }
}

async function renderChunkTo(options: RenderChunkCommandOptions, ctx: CliContext, channel: WorkerChannel | undefined): Promise<void> {
  const logger = channel?.logger ?? ctx.logger;
  const spec = await readJobSpecFile(options.jobFile);
  logger.info(`worker pid ${process.pid}: chunk ${options.chunkIndex} of job ${spec.id}`);
  const bar = channel ? undefined : createProgressReporter(ctx.stderr);
  const due = createProgressThrottle({ intervalMs: PROGRESS_INTERVAL_MS });
  const onProgress = (p: RenderProgress) => {
    if (!channel) return bar?.update(p);
    if (due(p)) channel.send({ type: 'progress', frames: p.renderedFrames });
  };
  let manifest;
  try {
    manifest = await renderChunk({
      spec,
      chunkIndex: options.chunkIndex,
      outDir: options.outDir,
      browser: options.browser,
      ffmpeg: options.ffmpeg,
      skipHashCheck: options.skipHashCheck,
      attempt: options.attempt,
      env: ctx.env,
      logger,
      signal: ctx.signal,
      onProgress,
    });
  } finally {
    bar?.done();
  }
  logger.info(`chunk ${options.chunkIndex} done: ${manifest.frames} frames in ${manifest.timings.totalSeconds.toFixed(1)}s -> ${path.join(options.outDir, manifest.segment)}`);
  channel?.send({ type: 'result', manifest });
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
    .addOption(new Option('--message-fd <fd>', 'write worker messages as JSON lines to this file descriptor (for the executor)').hideHelp())
    .action((flags: Flags) => runRenderChunk(renderChunkOptionsFromFlags(flags), ctx));
}
