/**
 * Values a job spec may hold. The engine imports these lists and their types from here
 * (plan/ is the one source: the engine may depend on plan/, never the other way).
 */

/** The job spec version this helios writes and reads. */
export const JOB_SPEC_VERSION = 3;

/** What the output is: a video container (mp4, webm, mov), an animated GIF, or a PNG image sequence (png). */
export const VIDEO_FORMATS = ['mp4', 'webm', 'mov', 'gif', 'png'] as const;
export type VideoFormat = (typeof VIDEO_FORMATS)[number];

/** Video codecs; each format takes the ones FORMAT_CODECS lists (the first is its default). */
export const CODECS = ['h264', 'h265', 'av1', 'vp9', 'prores', 'gif', 'png'] as const;
export type Codec = (typeof CODECS)[number];

/** The codecs each format can hold, its default first. */
export const FORMAT_CODECS: Readonly<Record<VideoFormat, readonly Codec[]>> = {
  mp4: ['h264', 'h265', 'av1'],
  webm: ['vp9', 'av1'],
  mov: ['prores', 'h264', 'h265'],
  gif: ['gif'],
  png: ['png'],
};

/** Codecs that carry an alpha channel: ProRes 4444 (mov), VP9 with alpha (webm), PNG. */
export const ALPHA_CODECS: readonly Codec[] = ['prores', 'vp9', 'png'];

/** Formats made at the end from a lossless intermediate (FFV1 in Matroska): segments of these are .mkv. */
export const INTERMEDIATE_FORMATS: readonly VideoFormat[] = ['gif', 'png'];

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

/** Highest CRF per codec (x264/x265 0-51, VP9 and SVT-AV1 0-63); null where the codec has none (ProRes, GIF, PNG). */
export const MAX_CRF: Readonly<Record<Codec, number | null>> = { h264: 51, h265: 51, av1: 63, vp9: 63, prores: null, gif: null, png: null };

/** Device scale factor range (--scale): 0.1 shrinks a layout (GIFs), 4 renders 4x its CSS pixels. */
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 4;

/**
 * Largest GIF, in output pixels (1280x720): a GIF stores every frame's pixels with at best
 * LZW compression, so a 1080p GIF of 10 s is hundreds of MB. Bigger needs --scale (or a smaller size).
 */
export const MAX_GIF_PIXELS = 1280 * 720;

/** --every-nth-frame's upper bound (GIFs only). */
export const MAX_EVERY_NTH_FRAME = 100;

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
