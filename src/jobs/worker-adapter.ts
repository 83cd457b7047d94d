import type { Chunk } from '../plan/plan-chunks.js';
import type { JobSpec } from '../plan/job-spec.js';
import type { ChunkManifest } from '../plan/chunk-manifest.js';

/** One chunk to render, as the executor hands it to an adapter. */
export interface ChunkRequest {
  spec: JobSpec;
  /** Path of the job spec on disk (child processes read it from there). */
  specPath: string;
  chunk: Chunk;
  /** 1-based attempt number. */
  attempt: number;
  /** Where the segment and its manifest go. */
  outDir: string;
  signal: AbortSignal;
  /** Frames of this chunk rendered so far. */
  onFrames(rendered: number): void;
  /** A line the worker printed (the adapter has not prefixed it). */
  onLine(line: string): void;
}

/** Runs chunks somewhere: child processes here, other machines elsewhere. */
export interface WorkerAdapter {
  runChunk(request: ChunkRequest): Promise<ChunkManifest>;
}
