/**
 * Values a job spec may hold. The plan layer imports nothing from the engine, so the lists
 * the engine also defines (presets, formats, modes) are copied here; a unit test keeps the
 * copies equal to the engine's.
 */

/** The job spec version this helios writes and reads. */
export const JOB_SPEC_VERSION = 1;

/** x264 preset names (same list as PRESETS in src/encode/ffmpeg-args.ts). */
export const SPEC_PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export type SpecPreset = (typeof SPEC_PRESETS)[number];

export const SPEC_FORMATS = ['mp4', 'webm'] as const;
export type SpecFormat = (typeof SPEC_FORMATS)[number];

export const SPEC_CAPTURE_MODES = ['auto', 'dom', 'canvas'] as const;
export type SpecCaptureMode = (typeof SPEC_CAPTURE_MODES)[number];

export const SPEC_CANVAS_ENCODERS = ['auto', 'webcodecs', 'jpeg'] as const;
export type SpecCanvasEncoder = (typeof SPEC_CANVAS_ENCODERS)[number];

export const SPEC_SEEK_MODES = ['jump', 'replay', 'fast-forward'] as const;
export type SpecSeekMode = (typeof SPEC_SEEK_MODES)[number];

export const SPEC_COMPOSITION_KINDS = ['file', 'url'] as const;
export type SpecCompositionKind = (typeof SPEC_COMPOSITION_KINDS)[number];

/** Largest width or height (8K UHD). */
export const MAX_DIMENSION = 7680;

/** Highest CRF per format (x264 0-51, VP9 0-63). */
export const MAX_CRF: Readonly<Record<SpecFormat, number>> = { mp4: 51, webm: 63 };

/** Job ids: lower-case letters, digits and dashes, 1 to 64 of them (usable in artifact and file names). */
export const JOB_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** `sha256:` and 64 lower-case hex digits. */
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** An exact frame rate: `30` or `30000/1001` (no leading zeros, no decimals). */
export const FPS_PATTERN = /^[1-9][0-9]*(\/[1-9][0-9]*)?$/;

/** `2024-05-01T12:00:00Z` or with milliseconds and/or an offset, as `Date.prototype.toISOString` writes. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Keys of each object in the document, in the order `serializeJobSpec` writes them. */
export const SPEC_KEYS = {
  root: ['version', 'id', 'createdAt', 'composition', 'render', 'audio', 'chunks', 'output'],
  composition: ['input', 'kind', 'hash'],
  render: [
    'fps', 'width', 'height', 'totalFrames', 'mode', 'canvasSelector', 'canvasEncoder', 'format', 'crf', 'preset', 'jpegQuality', 'seek',
    'timeoutSeconds',
  ],
  audio: ['file'],
  chunk: ['index', 'startFrame', 'frameCount'],
  output: ['path'],
} as const;
