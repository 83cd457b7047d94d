import {
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  type InvokeWithResponseStreamCompleteEvent,
} from '@aws-sdk/client-lambda';
import { WorkerFailedError, type WorkerEnd } from '../../jobs/worker-adapter.js';
import { CloudServiceError, RenderAbortedError } from '../../shared/errors.js';
import { awsClientConfig } from '../aws-client-config.js';
import type { PlatformLimits, RemoteTransport } from '../remote-transport.js';
import { invokeError, preflightError, type LambdaConcurrency, type LambdaTarget } from './lambda-errors.js';

export type { LambdaConcurrency } from './lambda-errors.js';

export interface LambdaTransportOptions {
  functionName: string;
  region: string;
  /** Credentials (AWS_ACCESS_KEY_ID…, AWS_PROFILE) and endpoint overrides (AWS_ENDPOINT_URL_LAMBDA). */
  env: NodeJS.ProcessEnv;
}

export interface LambdaTransport extends RemoteTransport {
  /** Read by preflight (null before it, or when the caller may not read it): to warn when --concurrency exceeds it. */
  readonly concurrency: LambdaConcurrency | null;
}

/** Lambda gives a function one vCPU per 1769 MB of memory (up to 6 at 10240 MB). */
const MB_PER_VCPU = 1769;
/**
 * Longest a stream may stay silent before the connection counts as lost: above Lambda's
 * 15-minute maximum timeout, so a silent worker ends with Lambda's own Sandbox.Timedout.
 */
const SOCKET_TIMEOUT_MS = 16 * 60 * 1000;
/** Invocations in flight at once through one client (the SDK's default of 50 sockets would queue the rest). */
const MAX_SOCKETS = 1000;

/**
 * Chunk requests to a Lambda function running `helios worker lambda`.
 *
 * Why InvokeWithResponseStream and not Invoke: the worker's progress and log lines reach the
 * caller while the chunk renders, as they do from local workers (Invoke returns nothing
 * until the end, so the progress bar would jump per chunk and a dying worker's last lines
 * would be lost), and a streamed response may reach 200 MB where Invoke stops at 6 MB. The
 * stream carries only messages: the segment itself travels through the bucket.
 *
 * The SDK's own retries are off (maxAttempts 1): the executor retries failed chunks with
 * backoff and logs each attempt, so a throttled or dropped invocation is retried once per
 * policy, not silently inside the SDK as well.
 */
export function createLambdaTransport(options: LambdaTransportOptions): LambdaTransport {
  const target: LambdaTarget = { functionName: options.functionName, region: options.region };
  const client = new LambdaClient({
    ...awsClientConfig(options.env, 'LAMBDA', options.region),
    maxAttempts: 1,
    requestHandler: {
      socketTimeout: SOCKET_TIMEOUT_MS,
      httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
      httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
    },
  });
  const name = `Lambda function ${options.functionName} in ${options.region}`;
  let concurrency: LambdaConcurrency | null = null;

  /** A figure for warnings only: any refusal (often AccessDenied) leaves it unknown. */
  const optional = async <T>(read: () => Promise<T>, signal: AbortSignal): Promise<T | null> => {
    try {
      return await read();
    } catch {
      if (signal.aborted) throw new RenderAbortedError();
      return null;
    }
  };

  return {
    name,
    get concurrency() {
      return concurrency;
    },

    async preflight(signal) {
      let config;
      try {
        config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: options.functionName }), { abortSignal: signal });
      } catch (error) {
        throw preflightError(error, target, signal);
      }
      if (config.State === 'Failed') {
        const why = [config.StateReasonCode, config.StateReason].filter(Boolean).join(': ');
        throw new CloudServiceError(`${name} is in state Failed (${why || 'no reason given'}): deploy it again with \`helios lambda deploy --image <uri>\``, 'Lambda', false);
      }
      const [account, reserved] = await Promise.all([
        optional(() => client.send(new GetAccountSettingsCommand({}), { abortSignal: signal }), signal),
        optional(() => client.send(new GetFunctionConcurrencyCommand({ FunctionName: options.functionName }), { abortSignal: signal }), signal),
      ]);
      concurrency = {
        reserved: reserved?.ReservedConcurrentExecutions ?? null,
        unreserved: account?.AccountLimit?.UnreservedConcurrentExecutions ?? null,
      };
      const memoryMb = config.MemorySize ?? 128;
      const limits: PlatformLimits = { timeLimitSeconds: config.Timeout ?? 3, memoryMb, vcpus: Math.ceil(memoryMb / MB_PER_VCPU) };
      return limits;
    },

    async invoke(body, { signal, onText }) {
      let response;
      try {
        response = await client.send(
          new InvokeWithResponseStreamCommand({ FunctionName: options.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(body, 'utf8') }),
          { abortSignal: signal },
        );
      } catch (error) {
        throw invokeError(error, target, concurrency, signal);
      }
      if (!response.EventStream) throw new WorkerFailedError(`${name} answered without a response stream (HTTP ${response.StatusCode})`, true);
      // A character may be split between two payload chunks: decode as one stream.
      const decoder = new TextDecoder();
      let complete: InvokeWithResponseStreamCompleteEvent | undefined;
      try {
        for await (const event of response.EventStream) {
          if (event.PayloadChunk?.Payload) onText(decoder.decode(event.PayloadChunk.Payload, { stream: true }));
          if (event.InvokeComplete) complete = event.InvokeComplete;
        }
      } catch (error) {
        if (signal.aborted) throw new RenderAbortedError();
        throw new WorkerFailedError(`the response stream from ${name} broke off (${error instanceof Error ? error.message : String(error)})`, true);
      }
      if (signal.aborted) throw new RenderAbortedError();
      const rest = decoder.decode();
      if (rest) onText(rest);
      if (!complete) throw new WorkerFailedError(`the response stream from ${name} ended before the invocation did`, true);
      return endOf(complete);
    },
  };
}

/** How the invocation ended, completing "the worker …". */
function endOf(complete: InvokeWithResponseStreamCompleteEvent): WorkerEnd {
  if (!complete.ErrorCode) return { ok: true, how: 'ended its Lambda invocation' };
  const details = complete.ErrorDetails ? `: ${complete.ErrorDetails}` : '';
  return { ok: false, how: `failed on Lambda (${complete.ErrorCode}${details})` };
}
