import { mkdir } from 'node:fs/promises';
import { BUCKET_PATTERN } from '../../plan/chunk-request.js';
import { InvalidOptionError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { createWorkerChannel, workerErrorMessage, type WorkerChannel } from '../../worker/message-channel.js';
import { runRemoteChunk } from '../remote-worker.js';
import { createRuntimeApiClient, type RuntimeApiClient, type RuntimeInvocation } from './runtime-api-client.js';

export interface LambdaRuntimeOptions {
  /** The environment Lambda gave the process (AWS_LAMBDA_RUNTIME_API, the role's credentials, HELIOS_*). */
  env: NodeJS.ProcessEnv;
  /** Fires on SIGTERM: the loop stops waiting for invocations and returns. */
  signal: AbortSignal;
  /** Goes to stderr, which Lambda sends to CloudWatch. */
  logger: Logger;
  browser?: string;
  ffmpeg?: string;
  /** The chunk function; tests pass a scripted one. */
  runChunk?: typeof runRemoteChunk;
}

/** What the runtime reads once, before its first invocation. */
interface RuntimeSettings {
  workDir: string;
  allowedBuckets: string[];
}

async function initialize(env: NodeJS.ProcessEnv): Promise<RuntimeSettings> {
  const allowedBuckets = (env.HELIOS_BUCKET ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  const bad = allowedBuckets.find((b) => !BUCKET_PATTERN.test(b));
  if (bad !== undefined) {
    throw new InvalidOptionError(`HELIOS_BUCKET must be bucket names separated by commas, got "${bad}": fix the function's environment`);
  }
  const workDir = env.HELIOS_WORK_DIR || '/tmp/helios';
  await mkdir(workDir, { recursive: true });
  return { workDir, allowedBuckets };
}

/**
 * A shutdown (SIGTERM) mid-chunk is the platform stopping this environment, not the caller
 * cancelling: the chunk's RenderAbortedError goes out retryable, so the caller runs it again.
 */
function shutdownAware(channel: WorkerChannel, signal: AbortSignal): WorkerChannel {
  return {
    ...channel,
    send: (message) =>
      channel.send(
        message.type === 'error' && message.name === 'RenderAbortedError' && signal.aborted
          ? { ...message, message: `the Lambda environment was shut down mid-chunk (${message.message})`, retryable: true }
          : message,
      ),
  };
}

const errorName = (error: unknown) => (error instanceof Error && error.name ? error.name : 'Error');
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * `helios worker lambda`: a custom runtime for a Lambda container image. It loops on the
 * Runtime API: takes the next invocation (a chunk request), runs it with the same chunk
 * function as every remote worker, and streams the worker messages back as the response
 * body while they are produced, so the caller sees progress and log lines live. A failure
 * before the first invocation goes to `/init/error`; a failure around a chunk (not the
 * chunk's own, which is an `error` message) to `/error`, or in the trailers once the
 * response has started. Neither the payload nor the environment is logged: both can hold
 * credentials.
 */
export async function runLambdaRuntime(options: LambdaRuntimeOptions): Promise<void> {
  const api = options.env.AWS_LAMBDA_RUNTIME_API;
  if (!api) {
    throw new InvalidOptionError('helios worker lambda is the runtime of a Lambda container image, and AWS_LAMBDA_RUNTIME_API is not set', {
      nextStep: 'run it inside Lambda (or a Lambda emulator), or use `helios worker serve` elsewhere',
    });
  }
  const client = createRuntimeApiClient(api);
  const { logger } = options;
  try {
    let settings: RuntimeSettings;
    try {
      settings = await initialize(options.env);
    } catch (error) {
      await client.initError(`Runtime.${errorName(error)}`, errorText(error)).catch(() => {});
      throw error;
    }
    const buckets = settings.allowedBuckets.length > 0 ? settings.allowedBuckets.join(', ') : 'any';
    logger.info(`helios worker lambda: pid ${process.pid}, work dir ${settings.workDir}, buckets: ${buckets}`);
    for (;;) {
      const invocation = await client.next(options.signal);
      if (!invocation) break;
      await serveInvocation(client, invocation, settings, options);
    }
    logger.info('helios worker lambda: stopped');
  } finally {
    client.close();
  }
}

/** Runs one invocation's chunk and streams its messages as the response. */
async function serveInvocation(client: RuntimeApiClient, invocation: RuntimeInvocation, settings: RuntimeSettings, options: LambdaRuntimeOptions): Promise<void> {
  const { logger } = options;
  const { requestId } = invocation;
  const left = invocation.deadlineMs > 0 ? `, ${((invocation.deadlineMs - Date.now()) / 1000).toFixed(0)} s until the function's timeout` : '';
  logger.info(`invocation ${requestId}: ${Buffer.byteLength(invocation.payload)} bytes of request${left}`);
  let response: ReturnType<RuntimeApiClient['streamResponse']> | undefined;
  try {
    response = client.streamResponse(requestId);
    const channel = shutdownAware(createWorkerChannel(response.out), options.signal);
    let ok = false;
    try {
      ok = await (options.runChunk ?? runRemoteChunk)(invocation.payload, channel, {
        workDir: settings.workDir,
        env: options.env,
        browser: options.browser,
        ffmpeg: options.ffmpeg,
        allowedBuckets: settings.allowedBuckets,
        signal: options.signal,
      });
    } catch (error) {
      // The chunk function sends its failures as messages; an exception is a bug, reported both ways.
      channel.send(workerErrorMessage(error));
      response.fail(errorName(error), errorText(error));
    }
    await channel.close();
    const status = await response.done;
    if (status !== 202) logger.warn(`invocation ${requestId}: the Runtime API answered HTTP ${status} to the response`);
    logger.info(`invocation ${requestId}: ${ok ? 'chunk done' : 'chunk failed (its error went to the caller)'}`);
  } catch (error) {
    logger.warn(`invocation ${requestId}: ${errorText(error)}`);
    if (!response) await client.invocationError(requestId, errorName(error), errorText(error)).catch(() => {});
  }
}
