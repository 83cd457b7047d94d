import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { readChunkRequest, type ChunkRequestDocument } from '../plan/chunk-request.js';
import { segmentFileNames, type ChunkManifest } from '../plan/chunk-manifest.js';
import type { JobSpec } from '../plan/job-spec.js';
import { writeJsonAtomic } from '../shared/atomic-output.js';
import { JobSpecError } from '../shared/errors.js';
import { createProgressThrottle } from '../shared/progress-rate.js';
import { workerErrorMessage, type WorkerChannel } from '../worker/message-channel.js';
import { renderChunk } from '../worker/render-chunk.js';
import { fetchComposition } from './composition-archive.js';
import { openStorage } from './storage/open-storage.js';
import type { ObjectStorage } from './storage/object-storage.js';

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

/** Progress messages at most this often (as local workers send them). */
const PROGRESS_INTERVAL_MS = 250;

/**
 * Runs one chunk request on a remote worker (Lambda, `worker serve`): checks the request,
 * fetches the composition from the bucket (once per archive per worker), renders the chunk
 * with the same function as local workers, uploads the segment and then its manifest, and
 * sends `result`. Never throws: every failure goes out as an `error` message. Returns true
 * when the chunk was rendered and uploaded.
 */
export async function runRemoteChunk(body: string, channel: WorkerChannel, options: RemoteWorkerOptions): Promise<boolean> {
  try {
    const read = readChunkRequest(body);
    if (!read.ok) throw new JobSpecError(`${read.message}: send a request made by the same helios version`);
    const request = read.request;
    const allowed = options.allowedBuckets ?? [];
    if (allowed.length > 0 && !allowed.includes(request.storage.bucket)) {
      throw new JobSpecError(
        `this worker serves bucket ${allowed.join(', ')}, not ${request.storage.bucket}: pass --bucket ${allowed[0]}, or set HELIOS_BUCKET on the worker`,
      );
    }
    const storage = openStorage(request.storage, { env: options.env });
    const manifest = await renderRequest(request, storage, channel, options);
    channel.send({ type: 'result', manifest });
    return true;
  } catch (error) {
    channel.send(workerErrorMessage(error));
    return false;
  }
}

/** The spec as this worker renders it: the composition read from its extracted archive. */
async function localSpec(request: ChunkRequestDocument, storage: ObjectStorage, options: RemoteWorkerOptions): Promise<{ spec: JobSpec; root: string | null }> {
  const { spec, composition } = request;
  if (!composition) return { spec, root: null };
  const root = await fetchComposition(storage, composition.key, path.join(options.workDir, 'compositions'), { signal: options.signal });
  const input = composition.folder ? root : path.join(root, composition.entry);
  return { spec: { ...spec, composition: { ...spec.composition, input } }, root };
}

/**
 * Media the page played from the composition's own files are named by the caller's path to
 * them (the stitcher mixes their sound on the caller's machine), not this worker's copy.
 */
function callerMedia(manifest: ChunkManifest, request: ChunkRequestDocument, root: string | null): ChunkManifest['media'] {
  const { composition } = request;
  if (!composition || root === null) return manifest.media;
  const input = request.spec.composition.input;
  const callerRoot = composition.folder ? input : path.dirname(input);
  return manifest.media.map((clip) => {
    const relative = path.relative(root, clip.source);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return clip;
    return { ...clip, source: path.join(callerRoot, relative) };
  });
}

async function renderRequest(request: ChunkRequestDocument, storage: ObjectStorage, channel: WorkerChannel, options: RemoteWorkerOptions): Promise<ChunkManifest> {
  const { spec, root } = await localSpec(request, storage, options);
  const chunksDir = path.join(options.workDir, 'chunks');
  await mkdir(chunksDir, { recursive: true });
  const outDir = await mkdtemp(path.join(chunksDir, `${spec.id}-${request.chunk}-`));
  const due = createProgressThrottle({ intervalMs: PROGRESS_INTERVAL_MS });
  try {
    const rendered = await renderChunk({
      spec,
      chunkIndex: request.chunk,
      outDir,
      attempt: request.attempt,
      browser: options.browser,
      ffmpeg: options.ffmpeg,
      env: options.env,
      logger: channel.logger,
      signal: options.signal,
      onProgress: (p) => {
        if (due(p)) channel.send({ type: 'progress', frames: p.renderedFrames });
      },
    });
    const manifest = { ...rendered, media: callerMedia(rendered, request, root) };
    const names = segmentFileNames(request.chunk, spec.render.format);
    // The segment first: a manifest in the bucket means its segment is there.
    await storage.upload(`${request.segmentsPrefix}${names.segment}`, path.join(outDir, names.segment), options.signal);
    await writeJsonAtomic(path.join(outDir, names.manifest), manifest);
    await storage.upload(`${request.segmentsPrefix}${names.manifest}`, path.join(outDir, names.manifest), options.signal);
    channel.logger.info(`chunk ${request.chunk} uploaded to ${storage.url}/${request.segmentsPrefix}${names.segment}`);
    return manifest;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
