/**
 * Values a job spec may hold. The engine imports these lists and their types from here
 * (plan/ is the one source: the engine may depend on plan/, never the other way).
 */

/** The job spec version this helios writes and reads. */
export const JOB_SPEC_VERSION = 1;

/** Container and codec of the output. */
export const VIDEO_FORMATS = ['mp4', 'webm'] as const;
export type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** x264 preset names; for VP9 they map onto -cpu-used (superfast → 6, each slower preset one less). */
export const PRESETS = ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow'] as const;
export type Preset = (typeof PRESETS)[number];

export const CAPTURE_MODES = ['auto', 'dom', 'canvas'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

/** How canvas mode encodes: in the page (WebCodecs H.264), as JPEG through ffmpeg, or auto (the page's encoder when it can). */
export const CANVAS_ENCODERS = ['auto', 'webcodecs', 'jpeg'] as const;
export type CanvasEncoder = (typeof CANVAS_ENCODERS)[number];

/** How a render starting mid-video reaches its first frame (see src/browser/runtime/tick-plan.ts); fast-forward is the default. */
export const SEEK_MODES = ['fast-forward', 'replay', 'jump'] as const;
export type SeekMode = (typeof SEEK_MODES)[number];

/** WebGL backends: swiftshader (software, the same pixels on every machine: the default) or gpu (the machine's own GL). */
export const GL_BACKENDS = ['swiftshader', 'gpu'] as const;
export type GlBackend = (typeof GL_BACKENDS)[number];

export const COMPOSITION_KINDS = ['file', 'url'] as const;
export type CompositionKind = (typeof COMPOSITION_KINDS)[number];

/** Largest width or height (8K UHD). */
export const MAX_DIMENSION = 7680;

/** Highest CRF per format (x264 0-51, VP9 0-63). */
export const MAX_CRF: Readonly<Record<VideoFormat, number>> = { mp4: 51, webm: 63 };

/** Job ids: lower-case letters, digits and dashes, 1 to 64 of them (usable in artifact and file names). */
export const JOB_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** `sha256:` and 64 lower-case hex digits. */
export const HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** An exact frame rate: `30` or `30000/1001` (no leading zeros, no decimals). */
export const FPS_PATTERN = /^[1-9][0-9]*(\/[1-9][0-9]*)?$/;

/** `2024-05-01T12:00:00Z` or with milliseconds and/or an offset, as `Date.prototype.toISOString` writes. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Most JSON text `--props` may carry (256 KiB). The job spec carries the props to every
 * render job, and the spec travels as a step output, which GitHub limits to 1 MB per job
 * (with the rest of the spec and any other outputs): this leaves room for them. Larger
 * data belongs in a file next to the composition, which the page fetches.
 */
export const MAX_PROPS_BYTES = 256 * 1024;
