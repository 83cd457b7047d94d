/*
 * What a remote render is configured with: plain values only, so the CLI can check its flags
 * without loading the cloud SDKs (they load when a remote render starts).
 */

/** Where chunks render: on this machine, or on remote workers. */
export const BACKENDS = ['local', 'lambda', 'cloudrun'] as const;

/** Most remote workers at once: the chunk limit (one chunk per worker). */
export const MAX_REMOTE_CONCURRENCY = 256;

/** A remote backend's settings, checked at the CLI boundary. */
export type CloudSettings =
  | { backend: 'lambda'; functionName: string; region: string; bucket: string; workerFps?: number; prices?: string }
  | { backend: 'cloudrun'; serviceUrl: string; bucket: string; workerFps?: number; prices?: string };
