import { z } from 'zod';
import { JobSpecError } from '../shared/errors.js';
import {
  checkDocument, choice, documentObject, formatProblems, nonEmptyString, nullableString, parseJson, positiveNumber, wholeNumber,
} from './document.js';
import {
  chunkListRule, codecRule, compositionHashRule, compositionKindRule, coverageRule, crfRule, fpsRule, gifOnlyRule, outputFormatRule, propsSizeRule, transparencyRule,
  versionFirst,
} from './job-spec-rules.js';
import { chunkSchema, MAX_CHUNKS } from './plan-chunks.js';
import {
  CANVAS_ENCODERS, CAPTURE_MODES, CODECS, COMPOSITION_KINDS, GL_BACKENDS, HASH_PATTERN, ISO_DATE_PATTERN, JOB_ID_PATTERN, JOB_SPEC_VERSION,
  MAX_DIMENSION, MAX_EVERY_NTH_FRAME, MAX_SCALE, MIN_SCALE, PRESETS, SEEK_MODES, VIDEO_FORMATS,
} from './spec-values.js';

export { JOB_SPEC_VERSION } from './spec-values.js';

const dimension = (what: string) => {
  const expected = `an even whole number between 2 and ${MAX_DIMENSION}`;
  return wholeNumber(2, MAX_DIMENSION, expected).multipleOf(2, { error: expected }).describe(`Output ${what} in pixels (even).`);
};

const createdAtText = 'an ISO 8601 date and time like "2024-05-01T12:00:00.000Z"';
const idText = '1 to 64 lower-case letters, digits and dashes';
const hashText = '"sha256:" and 64 lower-case hex digits, or null';
const chunksText = `a non-empty array of at most ${MAX_CHUNKS} chunks`;

/**
 * The job spec: everything the render and stitch steps need to produce one video, written
 * once by `helios plan` and read by every worker. Pure data: paths are kept as the user gave
 * them. The key order here is the order `serializeJobSpec` writes.
 */
const jobSpecDocument = documentObject({
  /** Document format; this helios reads and writes this version only (3: browser.build). */
  version: z.literal(JOB_SPEC_VERSION).describe('Document format version.'),
  id: z.string({ error: idText }).regex(JOB_ID_PATTERN, { error: idText }).describe('Job id, used in artifact and file names.'),
  createdAt: z.string({ error: createdAtText })
    .regex(ISO_DATE_PATTERN, { error: createdAtText, abort: true })
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: createdAtText })
    .describe('When the plan was made (ISO 8601).'),
  composition: documentObject({
    input: nonEmptyString('a non-empty path or http(s) URL').describe('Path (relative to the working directory, or absolute) or http(s) URL, as given.'),
    kind: choice(COMPOSITION_KINDS),
    hash: z.string({ error: hashText }).regex(HASH_PATTERN, { error: hashText }).nullable()
      .describe('sha256 of the composition\'s files, so workers can tell they render the same thing; null for URLs.'),
  }).check(compositionKindRule, compositionHashRule),
  props: z.record(z.string(), z.json(), { error: 'a JSON object or null' }).nullable()
    .describe('Data the page reads as window.helios.props (every leg gets the same); null for none.'),
  render: documentObject({
    fps: z.string({ error: 'a string like "30" or "30000/1001"' }).check(fpsRule)
      .meta({ pattern: '^[1-9][0-9]*(/[1-9][0-9]*)?$', description: 'Exact frame rate in lowest terms: "30" or "30000/1001" (at most 240).' }),
    width: dimension('width'),
    height: dimension('height'),
    totalFrames: wholeNumber(1).describe('Frames in the whole video; the chunks cover exactly these.'),
    mode: choice(CAPTURE_MODES),
    canvasSelector: nullableString('a non-empty CSS selector or null').describe('CSS selector of the canvas in canvas mode; null for the largest canvas.'),
    canvasEncoder: choice(CANVAS_ENCODERS).describe('Canvas mode: webcodecs (H.264 from the page), jpeg (x264 from JPEG frames) or auto.'),
    format: choice(VIDEO_FORMATS).describe('mp4, webm or mov (a video), gif, or png (a PNG image sequence).'),
    codec: choice(CODECS).describe('Video codec; the format says which it may hold.'),
    crf: wholeNumber(0, 63).nullable().describe('Constant rate factor (0-51 for h264/h265, 0-63 for vp9/av1); null for codecs without one (prores, gif, png).'),
    preset: choice(PRESETS),
    transparent: z.boolean({ error: 'true or false' }).describe('Keep an alpha channel (prores, vp9 and png only).'),
    scale: z.number({ error: `a number between ${MIN_SCALE} and ${MAX_SCALE}` }).min(MIN_SCALE, { error: `a number between ${MIN_SCALE} and ${MAX_SCALE}` })
      .max(MAX_SCALE, { error: `a number between ${MIN_SCALE} and ${MAX_SCALE}` })
      .describe('Device scale factor: the output is width x height times this.'),
    everyNthFrame: wholeNumber(1, MAX_EVERY_NTH_FRAME).describe('GIF only: keep every Nth frame (1 keeps all).'),
    gifLoops: wholeNumber(0, 65535).nullable().describe('GIF only: times it repeats after the first play; null loops forever.'),
    jpegQuality: wholeNumber(1, 100).describe('JPEG quality of captured frames.'),
    seek: choice(SEEK_MODES).describe('How a chunk starting mid-video reaches its first frame.'),
    timeoutSeconds: positiveNumber().describe('Seconds to wait for the page to load and become ready.'),
    frameTimeoutSeconds: positiveNumber().describe('Seconds one frame may take before the render fails.'),
    gl: choice(GL_BACKENDS).describe('WebGL backend: swiftshader (software, same pixels everywhere) or gpu.'),
  }).check(codecRule, crfRule, transparencyRule, gifOnlyRule),
  browser: documentObject({
    build: nullableString('a non-empty browser build like "HeadlessChrome/148.0.7778.97", or null')
      .describe('The browser build every chunk must be drawn with, as the browser reports it; null lets each chunk use its own (the stitch still checks that they match).'),
  }),
  audio: documentObject({
    file: nullableString('a non-empty file path or null').describe('Audio track mixed in over the whole timeline at stitch time; null for none.'),
    muted: z.boolean({ error: 'true or false' }).describe('No sound at all: neither the page\'s media nor the soundtrack.'),
  }),
  chunks: z.array(chunkSchema, { error: chunksText }).check(chunkListRule)
    .meta({ minItems: 1, maxItems: MAX_CHUNKS, description: 'Contiguous frame ranges from frame 0 covering render.totalFrames exactly; chunks[i].index is i.' }),
  output: documentObject({
    path: nonEmptyString('a non-empty file path').describe('The final, stitched video; for png, a pattern like frames/%05d.png.'),
  }),
}).check(coverageRule, outputFormatRule, propsSizeRule)
  .meta({ title: 'Helios job spec', description: 'Everything the render and stitch steps need to produce one video.' });

/** The job spec schema: the version is checked first (a document of another version is not read further). */
export const jobSpecSchema = versionFirst.pipe(jobSpecDocument);

export type JobSpec = z.infer<typeof jobSpecSchema>;

/** JSON Schema (draft 2020-12) of the job spec, for documentation and editors (rules across fields are not in it). */
export function jobSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(jobSpecSchema) as Record<string, unknown>;
}

/**
 * Checks that `value` is a job spec of the current version and returns a fresh copy with
 * its keys in the canonical order. Unknown fields are refused.
 * @param source what the value is (a file name), to start the error message with
 * @throws JobSpecError listing every problem, each naming its field by JSON path
 */
export function validateJobSpec(value: unknown, source = 'job spec'): JobSpec {
  const result = checkDocument(jobSpecSchema, value);
  if (!result.ok) throw new JobSpecError(formatProblems(source, result.problems));
  return result.value;
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
  const json = parseJson(text);
  if (!json.ok) {
    throw new JobSpecError(`${source}: not valid JSON (${json.reason}): the file is damaged or not a job spec; re-create it with helios plan`);
  }
  return validateJobSpec(json.value, source);
}

/**
 * The spec as pretty JSON with a trailing newline. Keys are always written in the schema's
 * order (validation rebuilds every object), so equal specs give byte-identical text.
 * @throws JobSpecError when the spec is not valid (nothing invalid is ever written)
 */
export function serializeJobSpec(spec: JobSpec): string {
  return `${JSON.stringify(validateJobSpec(spec), null, 2)}\n`;
}
