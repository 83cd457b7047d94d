import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { createWorkerServer, type WorkerAuth } from '../cloud/cloudrun/worker-server.js';
import type { runRemoteChunk } from '../cloud/remote-worker.js';
import { InvalidOptionError } from '../shared/errors.js';
import { parseChoice, parseInteger } from '../shared/parse-values.js';
import type { CliContext } from './cli-context.js';
import type { Flags } from './render-flags.js';

/** `helios worker <kind>`: this process as a remote worker, one subcommand per platform. */
export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  const worker = program
    .command('worker')
    .summary('run as a remote worker (the Lambda runtime, an HTTP worker)')
    .description('Run this process as a remote worker: it takes chunk requests and answers with worker messages (progress, log lines, the result or the error) as a stream.');
  addLambdaWorkerCommand(worker, ctx);
  addWorkerServeCommand(worker, ctx);
}

/** `helios worker lambda`: the custom runtime of the Lambda container image. */
function addLambdaWorkerCommand(worker: Command, ctx: CliContext): void {
  worker
    .command('lambda')
    .summary('the Lambda runtime: one chunk per invocation, messages streamed as the response')
    .description(
      'Loop over the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API, set by Lambda): each invocation is a chunk request; ' +
        'the worker messages are streamed back as the response (call the function with InvokeWithResponseStream). ' +
        'Environment: HELIOS_BUCKET (buckets the worker may use, comma-separated; empty: any), HELIOS_WORK_DIR (default /tmp/helios).',
    )
    .option('--browser <path>', 'Chromium binary (as for helios render)')
    .option('--ffmpeg <path>', 'ffmpeg binary (as for helios render)')
    .action(async (flags: Flags) => {
      // The renderer and the cloud SDKs load when the worker starts, not with every CLI command.
      const { runLambdaRuntime } = await import('../cloud/lambda/lambda-runtime.js');
      await runLambdaRuntime({
        env: ctx.env,
        signal: ctx.signal,
        logger: ctx.logger,
        browser: typeof flags.browser === 'string' ? flags.browser : undefined,
        ffmpeg: typeof flags.ffmpeg === 'string' ? flags.ffmpeg : undefined,
      });
    });
}

const AUTH_MODES = ['token', 'cloud-run-iam'] as const;
/** A shorter shared secret is guessable; 32 random hex digits is what the message suggests. */
const MIN_TOKEN_LENGTH = 16;

/** `helios worker serve`, fully resolved. */
export interface WorkerServeOptions {
  auth: WorkerAuth;
  port: number;
  host: string;
  workDir: string;
  allowedBuckets: string[];
  browser?: string;
  ffmpeg?: string;
}

/** Flags and environment into options; refuses to start token mode without a usable HELIOS_WORKER_TOKEN. */
export function workerServeOptionsFromFlags(flags: Flags, env: NodeJS.ProcessEnv): WorkerServeOptions {
  const mode = parseChoice('auth', flags.auth ?? 'token', AUTH_MODES);
  let auth: WorkerAuth = { mode: 'cloud-run-iam' };
  if (mode === 'token') {
    const token = env.HELIOS_WORKER_TOKEN ?? '';
    const how = 'set HELIOS_WORKER_TOKEN to the same long random string (e.g. `openssl rand -hex 32`) in the worker\'s environment and the caller\'s, or pass --auth cloud-run-iam when the worker runs behind Cloud Run IAM (deployed without --allow-unauthenticated)';
    if (token === '') throw new InvalidOptionError(`HELIOS_WORKER_TOKEN is not set: worker serve --auth token (the default) refuses requests without it, so it will not start: ${how}`);
    if (token.length < MIN_TOKEN_LENGTH) throw new InvalidOptionError(`HELIOS_WORKER_TOKEN is too short (${token.length} characters, at least ${MIN_TOKEN_LENGTH}): ${how}`);
    auth = { mode: 'token', token };
  }
  const text = (name: string) => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined);
  return {
    auth,
    port: parseInteger('port', text('port') ?? env.PORT ?? '8080', 0, 65535),
    host: text('host') ?? '0.0.0.0',
    workDir: path.resolve(env.HELIOS_WORK_DIR || path.join(os.tmpdir(), 'helios-worker')),
    allowedBuckets: (env.HELIOS_BUCKET ?? '').split(',').map((b) => b.trim()).filter((b) => b !== ''),
    browser: text('browser'),
    ffmpeg: text('ffmpeg'),
  };
}

/** Serves until the process is told to stop (SIGTERM from Cloud Run, Ctrl-C): then stops accepting, aborts the running chunk, and returns. */
export async function runWorkerServe(options: WorkerServeOptions, ctx: CliContext, runChunk?: typeof runRemoteChunk): Promise<void> {
  await mkdir(options.workDir, { recursive: true });
  runChunk ??= (await import('../cloud/remote-worker.js')).runRemoteChunk;
  const server = createWorkerServer({
    auth: options.auth,
    chunkOptions: {
      workDir: options.workDir,
      env: ctx.env,
      browser: options.browser,
      ffmpeg: options.ffmpeg,
      allowedBuckets: options.allowedBuckets,
    },
    log: (line) => ctx.logger.info(line),
    runChunk,
  });
  const address = await server.listen(options.port, options.host);
  const buckets = options.allowedBuckets.length > 0 ? options.allowedBuckets.join(', ') : 'any';
  ctx.logger.info(`helios worker serve: listening on http://${address.address}:${address.port} (auth ${options.auth.mode}, one chunk at a time, buckets ${buckets}, work dir ${options.workDir})`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.stop();
  ctx.logger.info('helios worker serve: stopped');
}

/** Adds `serve` to the `worker` group; `runChunk` is for tests that stand in for the renderer. */
export function addWorkerServeCommand(worker: Command, ctx: CliContext, runChunk?: typeof runRemoteChunk): void {
  worker
    .command('serve')
    .summary('an HTTP worker: POST /chunks renders one chunk and streams its messages')
    .description(
      'Serve chunk requests over HTTP (Cloud Run or any container platform), one at a time. POST /chunks with a chunk request; ' +
        'the answer streams progress, log lines and the result as JSON lines. GET /healthz checks the worker (authenticated), GET /livez ' +
        'is an unauthenticated liveness probe. Environment: HELIOS_WORKER_TOKEN (the shared token for --auth token), PORT, ' +
        'HELIOS_WORK_DIR (default: a folder under the system temp dir), HELIOS_BUCKET (buckets this worker may use, comma-separated).',
    )
    .option('--auth <mode>', 'token: require X-Helios-Token = $HELIOS_WORKER_TOKEN; cloud-run-iam: trust Cloud Run IAM in front (no token)', 'token')
    .option('--port <n>', 'port to listen on (default: $PORT, else 8080)')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--browser <path>', 'Chromium binary (as for helios render)')
    .option('--ffmpeg <path>', 'ffmpeg binary (as for helios render)')
    .action((flags: Flags) => runWorkerServe(workerServeOptionsFromFlags(flags, ctx.env), ctx, runChunk));
}
