import type { ChunkTimeLimit } from '../plan/chunk-time-limit.js';
import { DEFAULT_WORKER_FPS } from '../plan/chunk-time-limit.js';
import type { JobSpec } from '../plan/job-spec.js';
import type { Logger } from '../shared/logger.js';
import type { CloudSettings } from './cloud-settings.js';
import { createCloudRunTransport } from './cloudrun/cloudrun-transport.js';
import { createLambdaTransport, type LambdaTransport } from './lambda/lambda-transport.js';
import { estimateCost, formatDollars, readPrices } from './prices.js';
import { createRemoteAdapter, type RemoteAdapter } from './remote-adapter.js';
import type { PlatformLimits, RemoteTransport } from './remote-transport.js';
import { openStorage } from './storage/open-storage.js';


export interface CloudBackend {
  adapter: RemoteAdapter;
  limits: PlatformLimits;
  /** The platform's limit per worker, for planning (explicit: whether the user fixed the chunks). */
  timeLimit(explicit: boolean): ChunkTimeLimit;
  /** Lines for the end-of-render summary: invocations, billed seconds, estimated cost. */
  summary(): string[];
  /** Deletes the job's segments from the bucket (the composition stays, for the next render). */
  cleanup(spec: JobSpec): Promise<void>;
}

function openTransport(s: CloudSettings, env: NodeJS.ProcessEnv): RemoteTransport | LambdaTransport {
  return s.backend === 'lambda'
    ? createLambdaTransport({ functionName: s.functionName, region: s.region, env })
    : createCloudRunTransport({ serviceUrl: s.serviceUrl, env });
}

/** Says so before the render when more workers are asked for than Lambda will run at once (they would be throttled). */
export function warnAboveLambdaLimit(transport: RemoteTransport | LambdaTransport, concurrency: number, logger: Logger): void {
  const limits = 'concurrency' in transport ? transport.concurrency : null;
  const ceiling = limits?.reserved ?? limits?.unreserved ?? null;
  if (ceiling === null || concurrency <= ceiling) return;
  const whose = limits?.reserved != null ? 'reserved for the function' : 'the account has unreserved in this region';
  logger.warn(
    `--concurrency ${concurrency} is more than the ${ceiling} concurrent executions ${whose}: invocations beyond it are throttled and retried. ` +
      `Pass --concurrency ${ceiling}, or request a higher "Concurrent executions" quota in Service Quotas`,
  );
}

/**
 * Opens a remote backend and checks, before any browser or chunk starts, that its bucket and
 * its function or service exist and these credentials reach them.
 */
export async function openCloudBackend(
  s: CloudSettings,
  o: { env: NodeJS.ProcessEnv; ffmpeg?: string; logger: Logger; signal: AbortSignal; concurrency: number },
): Promise<CloudBackend> {
  const prices = await readPrices(s.prices);
  const storage = openStorage(
    { kind: s.backend === 'lambda' ? 's3' : 'gcs', bucket: s.bucket, region: s.backend === 'lambda' ? s.region : null },
    { env: o.env },
  );
  const transport = openTransport(s, o.env);
  await storage.checkBucket();
  const limits = await transport.preflight(o.signal);
  warnAboveLambdaLimit(transport, o.concurrency, o.logger);
  o.logger.info(`workers: ${transport.name} (${limits.memoryMb} MB, ${limits.timeLimitSeconds} s per chunk at most); storage: ${storage.url}`);
  const adapter = createRemoteAdapter({ transport, storage, ffmpeg: o.ffmpeg, env: o.env, logger: o.logger });
  const platform = s.backend === 'lambda' ? 'Lambda' : 'Cloud Run';
  return {
    adapter,
    limits,
    timeLimit: (explicit) => ({ platform, seconds: limits.timeLimitSeconds, framesPerSecond: s.workerFps ?? DEFAULT_WORKER_FPS, explicit }),
    summary() {
      const u = adapter.usage;
      const cost = estimateCost(s.backend, { ...u, memoryMb: limits.memoryMb, vcpus: limits.vcpus }, prices);
      const size = s.backend === 'lambda' ? `${limits.memoryMb} MB` : `${limits.vcpus} vCPU, ${limits.memoryMb} MB`;
      return [
        `${platform}: ${u.invocations} invocation${u.invocations === 1 ? '' : 's'}, ${u.seconds.toFixed(1)} billed seconds at ${size} ` +
          `(measured by the caller), estimated cost ${formatDollars(cost)} (${prices.date}; --prices to change)`,
        u.uploadedFiles > 0 ? `composition: ${u.uploadedFiles} files uploaded to ${storage.url}` : `composition: already in ${storage.url}, nothing uploaded`,
      ];
    },
    async cleanup(spec) {
      await storage.deletePrefix(adapter.jobPrefix(spec));
    },
  };
}
