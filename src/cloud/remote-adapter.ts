import { rm } from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../composition/hash-composition.js';
import { resolveInput } from '../composition/resolve-input.js';
import { findFfmpeg, findFfprobe } from '../encode/find-ffmpeg.js';
import { countVideoFrames } from '../encode/probe-media.js';
import { outputFilter } from '../jobs/plan-job.js';
import { followWorker, WorkerFailedError, type ChunkRequest, type WorkerAdapter } from '../jobs/worker-adapter.js';
import { segmentFileNames, type ChunkManifest } from '../plan/chunk-manifest.js';
import { CHUNK_REQUEST_VERSION, type ChunkRequestDocument } from '../plan/chunk-request.js';
import type { JobSpec } from '../plan/job-spec.js';
import { createWorkerMessageDecoder } from '../plan/worker-message.js';
import { writeJsonAtomic } from '../shared/atomic-output.js';
import { RenderAbortedError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { uploadComposition } from './composition-archive.js';
import type { RemoteTransport } from './remote-transport.js';
import type { ObjectStorage } from './storage/object-storage.js';

export interface RemoteAdapterOptions {
  transport: RemoteTransport;
  storage: ObjectStorage;
  ffmpeg?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/** What the remote workers cost, as the caller measured it. */
export interface RemoteUsage {
  /** Invocations or requests sent (retries included). */
  invocations: number;
  /** Seconds from each request to the end of its answer, summed: what the platform bills, or a little more. */
  seconds: number;
  /** Composition files uploaded for this render (0 when the bucket had them already). */
  uploadedFiles: number;
}

export interface RemoteAdapter extends WorkerAdapter {
  usage: RemoteUsage;
  /** Where a job's segments and manifests live in the bucket (deleted after the stitch). */
  jobPrefix(spec: JobSpec): string;
}

/**
 * Runs chunks on remote workers: the composition goes up once (keyed by its content), each
 * chunk is a request through the transport whose streamed worker messages drive the same
 * progress and `[Worker i]` lines as local workers, and each segment comes back from the
 * bucket, checked (frame count) before the executor counts it done.
 */
export function createRemoteAdapter(o: RemoteAdapterOptions): RemoteAdapter {
  const usage: RemoteUsage = { invocations: 0, seconds: 0, uploadedFiles: 0 };
  const ffprobe = findFfprobe(findFfmpeg(o.ffmpeg, o.env).path, o.env);
  let composition: Promise<ChunkRequestDocument['composition']> | undefined;
  const jobPrefix = (spec: JobSpec) => `jobs/${spec.id}/`;

  const prepare = async (spec: JobSpec, signal: AbortSignal): Promise<ChunkRequestDocument['composition']> => {
    const source = await resolveInput(spec.composition.input);
    if (source.kind === 'url') return null;
    const ignore = outputFilter(spec.render.format, spec.output.path, source.root);
    const up = await uploadComposition(o.storage, source, { ignore, logger: o.logger, signal });
    usage.uploadedFiles += up.uploaded ? up.files : 0;
    return { key: up.key, entry: up.entry, folder: up.folder };
  };

  return {
    usage,
    jobPrefix,
    async runChunk(request: ChunkRequest): Promise<ChunkManifest> {
      const { spec, chunk } = request;
      // Every chunk waits for the one upload; a failed upload is tried again by the next chunk.
      composition ??= prepare(spec, request.signal).catch((error) => {
        composition = undefined;
        throw error;
      });
      const document: ChunkRequestDocument = {
        version: CHUNK_REQUEST_VERSION,
        spec,
        chunk: chunk.index,
        attempt: request.attempt,
        storage: o.storage.location,
        composition: await composition,
        segmentsPrefix: `${jobPrefix(spec)}segments/`,
      };
      const worker = followWorker(request);
      const decoder = createWorkerMessageDecoder();
      const started = Date.now();
      usage.invocations += 1;
      let end;
      try {
        end = await o.transport.invoke(JSON.stringify(document), {
          signal: request.signal,
          onText: (text) => decoder.push(text).forEach(worker.take),
        });
      } finally {
        usage.seconds += (Date.now() - started) / 1000;
      }
      if (request.signal.aborted) throw new RenderAbortedError();
      decoder.end().forEach(worker.take);
      const manifest = worker.finish(end);
      await fetchSegment(o.storage, document.segmentsPrefix, manifest, request, ffprobe);
      return manifest;
    },
  };
}

/**
 * Downloads the segment into the job folder and checks it holds the chunk's frames: a
 * segment damaged in the bucket or on the way is a failed attempt (retried), never stitched.
 * The manifest is written after the segment, as local workers do.
 */
async function fetchSegment(storage: ObjectStorage, prefix: string, manifest: ChunkManifest, request: ChunkRequest, ffprobe: string): Promise<void> {
  const names = segmentFileNames(request.chunk.index, request.spec.render.format);
  const file = path.join(request.outDir, names.segment);
  await storage.download(`${prefix}${names.segment}`, file, request.signal);
  const where = `${storage.url}/${prefix}${names.segment}`;
  // The worker's hash catches bytes changed on the way; the frame count, a worker that wrote a bad segment.
  const sha256 = manifest.segmentSha256 ? await hashFile(file) : undefined;
  // An unreadable file counts no frames.
  const frames = await countVideoFrames(ffprobe, file, request.signal).catch(() => -1);
  let problem: string | undefined;
  if (sha256 !== manifest.segmentSha256) problem = `its sha256 is ${sha256}, but the worker wrote ${manifest.segmentSha256}`;
  else if (frames !== request.chunk.frameCount) problem = frames < 0 ? 'it is unreadable' : `it has ${frames} frames, expected ${request.chunk.frameCount}`;
  if (problem) {
    await rm(file, { force: true });
    throw new WorkerFailedError(`the segment of chunk ${request.chunk.index} downloaded from ${where} is damaged (${problem}): rendering it again`, true);
  }
  await writeJsonAtomic(path.join(request.outDir, names.manifest), manifest);
}
