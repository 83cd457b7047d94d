import type { Command } from 'commander';
import { runLambdaRuntime } from '../cloud/lambda/lambda-runtime.js';
import type { CliContext } from './cli-context.js';
import type { Flags } from './render-flags.js';

/** `helios worker <kind>`: this process as a remote worker, one subcommand per platform. */
export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  const worker = program
    .command('worker')
    .summary('run as a remote worker (the Lambda runtime, an HTTP worker)')
    .description('Run this process as a remote worker: it takes chunk requests and answers with worker messages (progress, log lines, the result or the error) as a stream.');
  addLambdaWorkerCommand(worker, ctx);
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
    .action((flags: Flags) =>
      runLambdaRuntime({
        env: ctx.env,
        signal: ctx.signal,
        logger: ctx.logger,
        browser: typeof flags.browser === 'string' ? flags.browser : undefined,
        ffmpeg: typeof flags.ffmpeg === 'string' ? flags.ffmpeg : undefined,
      }),
    );
}
