import { z } from 'zod';
import { checkDocument, choice, documentObject, formatProblems, nonEmptyString, parseJson, wholeNumber } from './document.js';
import { chunkSchema } from './plan-chunks.js';
import { INTERMEDIATE_FORMATS, type VideoFormat } from './spec-values.js';

/** A media element the page played: the stitcher mixes its sound into the final video. */
export const mediaClipSchema = documentObject({
  /** Local file path, or the URL when it did not come from the built-in server. */
  source: nonEmptyString('a file path or URL'),
  tag: choice(['audio', 'video']),
  startSeconds: z.number({ error: 'a number of seconds' }).finite({ error: 'a number of seconds' }),
  volume: z.number({ error: 'a number between 0 and 1' }).min(0, { error: 'a number between 0 and 1' }).max(1, { error: 'a number between 0 and 1' }),
  muted: z.boolean({ error: 'true or false' }),
  loop: z.boolean({ error: 'true or false' }),
}, 'an object with source, tag, startSeconds, volume, muted, loop (a media clip)');
export type MediaClip = z.infer<typeof mediaClipSchema>;

const seconds = z.number({ error: 'a number of seconds (0 or more)' }).min(0, { error: 'a number of seconds (0 or more)' });

/** What a worker writes next to each segment: enough for the stitcher and the job summary. */
export const chunkManifestSchema = documentObject({
  jobId: nonEmptyString('a job id'),
  chunk: chunkSchema,
  /** Segment file name, relative to the manifest's folder. */
  segment: nonEmptyString('a file name'),
  /** sha256 of the segment's bytes, hex: a copy that went through a bucket is checked against it. */
  segmentSha256: z.string({ error: '64 lower-case hex digits' }).regex(/^[0-9a-f]{64}$/, { error: '64 lower-case hex digits' }).optional(),
  /** Frames the segment holds (checked after encoding). */
  frames: wholeNumber(1),
  mode: choice(['dom', 'canvas']),
  captureMethod: nonEmptyString('a capture method'),
  browserVersion: z.string({ error: 'a string' }),
  ffmpegVersion: z.string({ error: 'a string' }),
  /** Seconds: page load, frame loop, total. */
  timings: documentObject({ loadSeconds: seconds, renderSeconds: seconds, totalSeconds: seconds }),
  /** Which attempt produced this segment (1 = first). */
  attempt: wholeNumber(1).optional(),
  /** Media the page played up to the end of this chunk (absolute timeline). */
  media: z.array(mediaClipSchema, { error: 'an array of media clips' }),
  finishedAt: nonEmptyString('an ISO 8601 date'),
}, 'an object (a helios chunk manifest)');
export type ChunkManifest = z.infer<typeof chunkManifestSchema>;

/**
 * The manifest in `value`, checked; or null and the problems, each naming its field.
 * Callers turn problems into their own error (a damaged segment is retried, not fatal).
 */
export function checkChunkManifest(value: unknown): { ok: true; manifest: ChunkManifest } | { ok: false; problems: string[] } {
  const result = checkDocument(chunkManifestSchema, value);
  return result.ok ? { ok: true, manifest: result.value } : result;
}

/** Reads a manifest from JSON text; the message names `source` and every bad field. */
export function readChunkManifest(text: string, source: string): { ok: true; manifest: ChunkManifest } | { ok: false; message: string } {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, message: `${source}: not valid JSON (${json.reason})` };
  const result = checkChunkManifest(json.value);
  return result.ok ? result : { ok: false, message: formatProblems(source, result.problems) };
}

/** The file extension of a segment: the format's own, or .mkv for the lossless intermediate of gif and png. */
export function segmentExtension(format: VideoFormat): 'mp4' | 'webm' | 'mov' | 'mkv' {
  return INTERMEDIATE_FORMATS.includes(format) ? 'mkv' : (format as 'mp4' | 'webm' | 'mov');
}

/** File names of chunk i's segment and manifest. */
export function segmentFileNames(index: number, format: VideoFormat): { segment: string; manifest: string } {
  const base = `segment-${String(index).padStart(4, '0')}`;
  return { segment: `${base}.${segmentExtension(format)}`, manifest: `${base}.json` };
}
