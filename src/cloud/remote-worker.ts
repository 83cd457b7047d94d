import type { WorkerChannel } from '../worker/message-channel.js';

export interface RemoteWorkerOptions {
  /** The worker's own folder: compositions (cached by archive key) and chunk outputs go under it. */
  workDir: string;
  /** Environment the storage clients and the renderer read (credentials, endpoints, browser paths). */
  env: NodeJS.ProcessEnv;
  browser?: string;
  ffmpeg?: string;
  /** Buckets this worker may use (from its own configuration); empty or undefined allows any. */
  allowedBuckets?: readonly string[];
  signal: AbortSignal;
}

/**
 * Runs one chunk request on a remote worker (Lambda, `worker serve`): checks the request,
 * fetches the composition from the bucket (once per archive per worker), renders the chunk
 * with the same function as local workers, uploads the segment and then its manifest, and
 * sends `result`. Never throws: every failure goes out as an `error` message. Returns true
 * when the chunk was rendered and uploaded.
 */
export async function runRemoteChunk(body: string, channel: WorkerChannel, options: RemoteWorkerOptions): Promise<boolean> {
  void body; void channel; void options;
  throw new Error('not implemented yet');
}
