import { z } from 'zod';
import { checkDocument, choice, documentObject, formatProblems, nullableString, parseJson, wholeNumber } from './document.js';
import { jobSpecSchema } from './job-spec.js';

/**
 * What an executor sends a remote worker (a Lambda invocation's payload, the body of a POST
 * to `helios worker serve`): one chunk of one job, and where its inputs and outputs live in
 * the bucket. The worker answers with worker messages (src/plan/worker-message.ts), as a
 * stream. Object keys and paths in here are checked so none can leave the bucket's prefix or
 * the worker's folder.
 */

/** Bumped when the request changes shape; a worker of another version refuses it, naming `version`. */
export const CHUNK_REQUEST_VERSION = 1;

/** A request larger than this is refused before it is parsed (the spec's props are capped at 256 KiB). */
export const MAX_CHUNK_REQUEST_BYTES = 1024 * 1024;

export const STORAGE_KINDS = ['s3', 'gcs'] as const;

/** S3 and GCS bucket names: 3-63 lower-case letters, digits, dots, dashes and underscores. */
export const BUCKET_PATTERN = /^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/;
const bucketText = '3 to 63 lower-case letters, digits, dots, dashes and underscores (a bucket name)';

/**
 * A relative path that stays inside its folder: no leading slash, no backslash, no `.` or
 * `..` segment, no empty segment, printable characters only.
 */
export function isContainedPath(value: string): boolean {
  if (value.length === 0 || value.length > 1024) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value) || value.startsWith('/')) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const containedPath = (expected: string) => z.string({ error: expected }).refine(isContainedPath, { error: expected });
const pathText = 'a relative path with no "..", "." or empty segment and no leading "/"';
const prefixText = `${pathText}, ending with "/" (a prefix)`;

/** A bucket and where it is: enough for a worker to open it with its own credentials. */
export const storageLocationSchema = documentObject({
  kind: choice(STORAGE_KINDS),
  bucket: z.string({ error: bucketText }).regex(BUCKET_PATTERN, { error: bucketText }),
  /** AWS region of an S3 bucket; null for GCS (or the worker's default). */
  region: nullableString('a region name or null'),
});
export type StorageLocation = z.infer<typeof storageLocationSchema>;

export const chunkRequestSchema = documentObject({
  version: z.literal(CHUNK_REQUEST_VERSION, { error: `${CHUNK_REQUEST_VERSION} (this helios reads chunk request version ${CHUNK_REQUEST_VERSION}; deploy the same helios version as the caller)` }),
  spec: jobSpecSchema,
  /** Index of the chunk to render. */
  chunk: wholeNumber(0),
  /** 1-based attempt, recorded in the manifest. */
  attempt: wholeNumber(1),
  storage: storageLocationSchema,
  /** The composition's archive in the bucket, and its page inside it; null for an http(s) composition. */
  composition: documentObject({
    key: containedPath(pathText),
    /** The page inside the archive, e.g. index.html. */
    entry: containedPath(pathText),
    /** Whether the composition was a folder (its hash covers every file) or one .html file (its hash covers that file). */
    folder: z.boolean({ error: 'true or false' }),
  }).nullable(),
  /** Prefix the segment and its manifest are uploaded under (ends with "/"). */
  segmentsPrefix: z
    .string({ error: prefixText })
    .refine((v) => v.endsWith('/') && isContainedPath(v.slice(0, -1)), { error: prefixText }),
}, 'an object (a helios chunk request)');

export type ChunkRequestDocument = z.infer<typeof chunkRequestSchema>;

/** Parses and checks a request's text; the error lists every bad field by its JSON path. */
export function readChunkRequest(text: string): { ok: true; request: ChunkRequestDocument } | { ok: false; message: string } {
  if (text.length > MAX_CHUNK_REQUEST_BYTES || new TextEncoder().encode(text).length > MAX_CHUNK_REQUEST_BYTES) {
    return { ok: false, message: `chunk request is larger than ${MAX_CHUNK_REQUEST_BYTES} bytes` };
  }
  const json = parseJson(text);
  if (!json.ok) return { ok: false, message: `chunk request is not valid JSON (${json.reason})` };
  const result = checkDocument(chunkRequestSchema, json.value);
  if (!result.ok) return { ok: false, message: formatProblems('chunk request', result.problems) };
  if (!result.value.spec.chunks[result.value.chunk]) {
    return { ok: false, message: `chunk request: chunk must be below ${result.value.spec.chunks.length} (the job's chunk count), got ${result.value.chunk}` };
  }
  return { ok: true, request: result.value };
}
