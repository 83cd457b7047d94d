import { MAX_CHUNKS } from './plan-chunks.js';
import {
  JOB_SPEC_VERSION, MAX_CRF, MAX_DIMENSION, SPEC_CAPTURE_MODES, SPEC_COMPOSITION_KINDS, SPEC_FORMATS, SPEC_KEYS, SPEC_PRESETS,
  SPEC_CANVAS_ENCODERS, SPEC_SEEK_MODES, SPEC_GL_BACKENDS,
} from './spec-values.js';

const dimension = (what: string) => ({
  type: 'integer',
  minimum: 2,
  maximum: MAX_DIMENSION,
  multipleOf: 2,
  description: `Output ${what} in pixels (even).`,
});

const nullableString = (description: string) => ({ type: ['string', 'null'], minLength: 1, description });

/**
 * JSON Schema (draft 2020-12) of a version 1 job spec, for documentation and editors. It
 * mirrors `validateJobSpec`, which also checks what a schema cannot express: chunks are
 * contiguous from frame 0 and cover `render.totalFrames` exactly, `chunks[i].index` is i,
 * `composition.kind` matches the input, and `output.path`'s extension matches `render.format`.
 */
export const JOB_SPEC_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:helios:job-spec:1',
  title: 'Helios job spec',
  description: 'Everything the render and stitch steps need to produce one video.',
  type: 'object',
  additionalProperties: false,
  required: [...SPEC_KEYS.root],
  properties: {
    version: { const: JOB_SPEC_VERSION, description: 'Document format version.' },
    id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$', description: 'Job id, used in artifact and file names.' },
    createdAt: { type: 'string', format: 'date-time', description: 'When the plan was made (ISO 8601).' },
    composition: {
      type: 'object',
      additionalProperties: false,
      required: [...SPEC_KEYS.composition],
      properties: {
        input: { type: 'string', minLength: 1, description: 'Path (relative to the working directory, or absolute) or http(s) URL, as given.' },
        kind: { enum: [...SPEC_COMPOSITION_KINDS] },
        hash: { type: ['string', 'null'], pattern: '^sha256:[0-9a-f]{64}$', description: 'sha256 of the composition\'s files; null for URLs.' },
      },
    },
    render: {
      type: 'object',
      additionalProperties: false,
      required: [...SPEC_KEYS.render],
      properties: {
        fps: { type: 'string', pattern: '^[1-9][0-9]*(/[1-9][0-9]*)?$', description: 'Exact frame rate in lowest terms: "30" or "30000/1001" (at most 240).' },
        width: dimension('width'),
        height: dimension('height'),
        totalFrames: { type: 'integer', minimum: 1, description: 'Frames in the whole video.' },
        mode: { enum: [...SPEC_CAPTURE_MODES] },
        canvasSelector: nullableString('CSS selector of the canvas in canvas mode; null for the largest canvas.'),
        canvasEncoder: { enum: [...SPEC_CANVAS_ENCODERS], description: 'Canvas mode: webcodecs (H.264 from the page), jpeg (x264 from JPEG frames) or auto.' },
        format: { enum: [...SPEC_FORMATS] },
        crf: { type: 'integer', minimum: 0, maximum: MAX_CRF.webm, description: `Constant rate factor: 0-${MAX_CRF.mp4} for mp4, 0-${MAX_CRF.webm} for webm.` },
        preset: { enum: [...SPEC_PRESETS] },
        jpegQuality: { type: 'integer', minimum: 1, maximum: 100, description: 'JPEG quality of captured frames.' },
        seek: { enum: [...SPEC_SEEK_MODES] },
        timeoutSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Seconds to wait for the page to become ready.' },
        frameTimeoutSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Seconds one frame may take before the render fails.' },
        gl: { enum: [...SPEC_GL_BACKENDS], description: 'WebGL backend: swiftshader (software, same pixels everywhere) or gpu.' },
      },
      if: { properties: { format: { const: 'mp4' } } },
      then: { properties: { crf: { maximum: MAX_CRF.mp4 } } },
    },
    audio: {
      type: 'object',
      additionalProperties: false,
      required: [...SPEC_KEYS.audio],
      properties: {
        file: nullableString('Audio track mixed in over the whole timeline at stitch time; null for none.'),
      },
    },
    chunks: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_CHUNKS,
      description: 'Contiguous frame ranges from frame 0 covering render.totalFrames exactly; chunks[i].index is i.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [...SPEC_KEYS.chunk],
        properties: {
          index: { type: 'integer', minimum: 0 },
          startFrame: { type: 'integer', minimum: 0 },
          frameCount: { type: 'integer', minimum: 1 },
        },
      },
    },
    output: {
      type: 'object',
      additionalProperties: false,
      required: [...SPEC_KEYS.output],
      properties: {
        path: { type: 'string', minLength: 1, description: 'The final, stitched video.' },
      },
    },
  },
};
