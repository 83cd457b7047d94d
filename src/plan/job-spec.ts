import { JobSpecError } from '../shared/errors.js';
import type { Chunk } from './plan-chunks.js';
import type { SpecCanvasEncoder, SpecCaptureMode, SpecCompositionKind, SpecFormat, SpecGlBackend, SpecPreset, SpecSeekMode } from './spec-values.js';
import { JOB_SPEC_VERSION } from './spec-values.js';
import { validateJobSpec } from './validate-job-spec.js';

export { JOB_SPEC_VERSION } from './spec-values.js';
export { validateJobSpec } from './validate-job-spec.js';
export { JOB_SPEC_SCHEMA } from './job-spec-schema.js';

/**
 * Everything the render and stitch steps need to produce one video, written once by
 * `helios plan` and read by every worker. Pure data: paths are kept as the user gave them.
 */
export interface JobSpec {
  /** Document format; this helios reads and writes version 1 only. */
  version: typeof JOB_SPEC_VERSION;
  /** Lower-case letters, digits and dashes, 1 to 64 (used in artifact and file names). */
  id: string;
  /** When the plan was made, ISO 8601 (`2024-05-01T12:00:00.000Z`). */
  createdAt: string;
  composition: {
    /** Path (relative to the job's working directory, or absolute) or http(s) URL, as the user gave it. */
    input: string;
    kind: SpecCompositionKind;
    /** `sha256:<64 hex>` of the composition's files, so workers can tell they render the same thing; null for URLs (or when not computed). */
    hash: string | null;
  };
  render: {
    /** Exact frame rate: `"30"` or `"30000/1001"`, in lowest terms. */
    fps: string;
    /** Output width in pixels: even, 2..7680. */
    width: number;
    /** Output height in pixels: even, 2..7680. */
    height: number;
    /** Frames in the whole video, at least 1; the chunks cover exactly these. */
    totalFrames: number;
    mode: SpecCaptureMode;
    /** CSS selector of the canvas for canvas mode; null for the default (the largest canvas). */
    canvasSelector: string | null;
    /** Canvas mode's encoder: the page's (webcodecs), ffmpeg's from JPEG frames (jpeg), or auto. */
    canvasEncoder: SpecCanvasEncoder;
    format: SpecFormat;
    /** Constant rate factor: 0..51 for mp4, 0..63 for webm. */
    crf: number;
    preset: SpecPreset;
    /** JPEG quality of captured frames, 1..100. */
    jpegQuality: number;
    /** How a chunk starting mid-video reaches its first frame. */
    seek: SpecSeekMode;
    /** Seconds to wait for the page to load and become ready; greater than 0. */
    timeoutSeconds: number;
    /** Seconds one frame may take before the render fails; greater than 0. */
    frameTimeoutSeconds: number;
    /** WebGL backend every leg uses. */
    gl: SpecGlBackend;
  };
  audio: {
    /** Extra audio track, mixed in once over the whole timeline at stitch time; null for none. */
    file: string | null;
  };
  /** Contiguous ranges from frame 0 that cover `render.totalFrames` exactly; at most 256. */
  chunks: Chunk[];
  output: {
    /** The final, stitched video. */
    path: string;
  };
}

/** Fields for `createJobSpec`: everything but the version, and `createdAt` defaults to now. */
export type JobSpecFields = Omit<JobSpec, 'version' | 'createdAt'> & { createdAt?: string };

/**
 * Builds a job spec of the current version and validates it.
 * @throws JobSpecError naming every bad field
 */
export function createJobSpec(fields: JobSpecFields): JobSpec {
  const { createdAt, ...rest } = fields;
  return validateJobSpec({ version: JOB_SPEC_VERSION, createdAt: createdAt ?? new Date().toISOString(), ...rest });
}

/**
 * Reads a job spec from JSON text (a file, a step output).
 * @param source where the text came from (a file name), to start the error message with
 * @throws JobSpecError when the text is not JSON or the document is not a valid spec
 */
export function parseJobSpec(text: string, source = 'job spec'): JobSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new JobSpecError(
      `${source}: not valid JSON (${reason}): the file is damaged or not a job spec; re-create it with helios plan`,
      { cause: error },
    );
  }
  return validateJobSpec(value, source);
}

/**
 * The spec as pretty JSON with a trailing newline. Keys are always written in the same
 * order, so equal specs give byte-identical text.
 * @throws JobSpecError when the spec is not valid (nothing invalid is ever written)
 */
export function serializeJobSpec(spec: JobSpec): string {
  return `${JSON.stringify(validateJobSpec(spec), null, 2)}\n`;
}
