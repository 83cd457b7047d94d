import { GoogleAuth, type IdTokenClient } from 'google-auth-library';
import { WorkerFailedError, type WorkerEnd } from '../../jobs/worker-adapter.js';
import { CloudCredentialsError, CloudServiceError, InvalidOptionError, RenderAbortedError } from '../../shared/errors.js';
import type { PlatformLimits, RemoteTransport } from '../remote-transport.js';
import { chunkAnswerError, connectionError, readErrorBody, refusedError } from './cloudrun-responses.js';
import { TOKEN_HEADER } from './worker-http.js';

export interface CloudRunTransportOptions {
  /** https://SERVICE-….run.app (or any `helios worker serve`): the ID tokens' audience. */
  serviceUrl: string;
  /** Read for HELIOS_WORKER_TOKEN only: google-auth-library reads its own settings (GOOGLE_APPLICATION_CREDENTIALS, the metadata server) from the process. */
  env: NodeJS.ProcessEnv;
  timeLimitSeconds?: number;
  memoryMb?: number;
  vcpus?: number;
}

/**
 * The service's limits unless the caller knows better: 3600 s is Cloud Run's longest request
 * timeout (the default is 300 s; `helios cloudrun deploy` sets 3600), 4096 MB and 2 vCPUs
 * are what `helios cloudrun deploy` asks for (Chromium plus ffmpeg at 1080p fit in 4 GB).
 */
const DEFAULT_LIMITS: PlatformLimits = { timeLimitSeconds: 3600, memoryMb: 4096, vcpus: 2 };

/**
 * Chunk requests to a Cloud Run service: an HTTP POST to /chunks with an ID token whose
 * audience is the service URL (what Cloud Run's IAM front checks), plus the worker token when
 * one is set (the worker checks it unless deployed with --auth cloud-run-iam). The answer is
 * the worker's message stream, passed on as it arrives.
 */
export function createCloudRunTransport(options: CloudRunTransportOptions): RemoteTransport {
  const serviceUrl = checkServiceUrl(options.serviceUrl);
  const name = `Cloud Run service ${serviceUrl}`;
  const workerToken = options.env.HELIOS_WORKER_TOKEN || undefined;
  const limits: PlatformLimits = {
    timeLimitSeconds: options.timeLimitSeconds ?? DEFAULT_LIMITS.timeLimitSeconds,
    memoryMb: options.memoryMb ?? DEFAULT_LIMITS.memoryMb,
    vcpus: options.vcpus ?? DEFAULT_LIMITS.vcpus,
  };
  // One client for every request: it caches the ID token until shortly before it expires.
  let client: Promise<IdTokenClient> | undefined;

  const headers = async (): Promise<Record<string, string>> => {
    client ??= new GoogleAuth().getIdTokenClient(serviceUrl);
    let authorization: string | null;
    try {
      authorization = (await (await client).getRequestHeaders(serviceUrl)).get('authorization');
    } catch (error) {
      client = undefined;
      throw new CloudCredentialsError(
        `cannot get an ID token for ${serviceUrl} (${error instanceof Error ? error.message : String(error)}): ` +
          'run where google-auth-library finds service account credentials (GOOGLE_APPLICATION_CREDENTIALS with a key file, or the metadata server on Google Cloud); gcloud user credentials cannot mint ID tokens for it',
        'Google auth',
        { cause: error },
      );
    }
    if (!authorization) throw new CloudCredentialsError(`google-auth-library gave no ID token for ${serviceUrl}`, 'Google auth');
    return { Authorization: authorization, ...(workerToken ? { [TOKEN_HEADER]: workerToken } : {}) };
  };

  const send = async (method: string, path: string, body: string | undefined, signal: AbortSignal, preflight: boolean): Promise<Response> => {
    const auth = await headers();
    try {
      return await fetch(`${serviceUrl}${path}`, { method, body, signal, headers: { ...auth, ...(body ? { 'Content-Type': 'application/json' } : {}) } });
    } catch (error) {
      if (signal.aborted) throw new RenderAbortedError();
      throw connectionError(error, serviceUrl, name, preflight);
    }
  };

  return {
    name,
    async preflight(signal) {
      const res = await send('GET', '/healthz', undefined, signal, true);
      // 429: every instance is busy, yet the service exists and let these credentials through.
      if (res.status === 200 || res.status === 429) {
        await res.body?.cancel();
        return limits;
      }
      if (res.status === 401 || res.status === 403) throw refusedError(res.status, await readErrorBody(res), name, workerToken !== undefined);
      const answer = await chunkAnswerError(res, `${serviceUrl}/healthz`, name, workerToken !== undefined);
      if (answer instanceof Error && !(answer instanceof WorkerFailedError)) throw answer;
      throw new CloudServiceError(`${name} answered GET /healthz with HTTP ${res.status}: is it a helios worker (helios worker serve)?`, 'Cloud Run', res.status >= 500);
    },

    async invoke(body, { signal, onText }): Promise<WorkerEnd> {
      const res = await send('POST', '/chunks', body, signal, false);
      if (res.status !== 200) {
        const answer = await chunkAnswerError(res, `${serviceUrl}/chunks`, name, workerToken !== undefined);
        if (answer instanceof Error) throw answer;
        return answer;
      }
      const decoder = new TextDecoder();
      try {
        for await (const piece of res.body as unknown as AsyncIterable<Uint8Array>) onText(decoder.decode(piece, { stream: true }));
      } catch (error) {
        if (signal.aborted) throw new RenderAbortedError();
        const reason = (error as { cause?: { message?: string } }).cause?.message ?? (error instanceof Error ? error.message : String(error));
        throw new WorkerFailedError(`the answer from ${name} was cut off (${reason}): the instance may have crashed or been stopped`, true);
      }
      const rest = decoder.decode();
      if (rest !== '') onText(rest);
      return { ok: true, how: 'ended its answer (HTTP 200)' };
    },
  };
}

/** The service's origin (and path, if any) without a trailing slash: the form Cloud Run accepts as an ID token audience. */
function checkServiceUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidOptionError(`{serviceUrl} must be the service's URL, e.g. https://helios-worker-abc123-uc.a.run.app, got "${text}"`, 'serviceUrl');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidOptionError(`{serviceUrl} must be an https:// URL, got "${text}"`, 'serviceUrl');
  }
  if (url.search || url.hash) throw new InvalidOptionError(`{serviceUrl} must have no ?query or #fragment, got "${text}"`, 'serviceUrl');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
