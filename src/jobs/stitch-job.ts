import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findFfmpeg, findFfprobe } from '../encode/find-ffmpeg.js';
import { countVideoFrames, probeVideoFrames } from '../encode/probe-media.js';
import { concatSegments } from '../encode/stitch-segments.js';
import type { JobSpec } from '../plan/job-spec.js';
import { describeChunk } from '../plan/plan-chunks.js';
import { addAudio } from '../render/add-audio.js';
import { soundtrack } from '../render/render-video.js';
import type { MediaClip } from '../plan/chunk-manifest.js';
import { prepareRenderOutput } from '../render/render-output.js';
import { EncodeError, HeliosError } from '../shared/errors.js';
import { frameTimeMs, parseFrameRate } from '../shared/fps.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import { describeMixedBuilds, findMixedBuilds } from '../plan/build-versions.js';
import { readChunkManifest, segmentFileNames, type ChunkManifest } from '../plan/chunk-manifest.js';

/** Segments are missing or damaged: the message names each one. */
class SegmentError extends HeliosError {}

/** The legs' manifests name different browser or ffmpeg builds. */
export class MixedBuildsError extends HeliosError {}

export interface StitchJobOptions {
  spec: JobSpec;
  /** Folder holding segment-NNNN.{mp4,webm} and segment-NNNN.json for every chunk. */
  segmentsDir: string;
  /** Final video; default the spec's output path. */
  output?: string;
  /** Soundtrack mixed from t = 0 (default the spec's audio.file). */
  audioFile?: string;
  ffmpeg?: string;
  /** Stitch segments made with different browser or ffmpeg builds, with a warning instead of an error. */
  allowMixedBuilds?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  signal?: AbortSignal;
}

export interface StitchJobResult {
  output: string;
  frames: number;
  manifests: ChunkManifest[];
  audioClips: number;
  seconds: number;
}

/** Reads and checks every chunk's manifest and segment; throws one error naming all that are missing or damaged. */
async function checkSegments(o: StitchJobOptions, ffprobe: string): Promise<ChunkManifest[]> {
  const problems: string[] = [];
  const manifests: ChunkManifest[] = [];
  for (const chunk of o.spec.chunks) {
    const names = segmentFileNames(chunk.index, o.spec.render.format);
    const what = `chunk ${chunk.index} (${describeChunk(chunk)})`;
    const segment = path.join(o.segmentsDir, names.segment);
    // Not there (or unreadable): listed as missing below, with every other problem of the job.
    if (!(await stat(segment).catch(() => undefined))?.isFile()) {
      problems.push(`${what}: ${names.segment} is missing`);
      continue;
    }
    // Unreadable counts as missing: listed below with every other problem of the job.
    const text = await readFile(path.join(o.segmentsDir, names.manifest), 'utf8').catch(() => undefined);
    if (text === undefined) {
      problems.push(`${what}: ${names.manifest} is missing`);
      continue;
    }
    const read = readChunkManifest(text, names.manifest);
    if (!read.ok) {
      problems.push(`${what}: ${names.manifest} is damaged: ${read.message}`);
      continue;
    }
    const { manifest } = read;
    if (manifest.chunk.index !== chunk.index) {
      problems.push(`${what}: ${names.manifest} is for chunk ${manifest.chunk.index}, not ${chunk.index}`);
      continue;
    }
    // ffprobe failing on the segment means it is damaged: listed below as unreadable.
    const frames = await countVideoFrames(ffprobe, segment).catch(() => -1);
    if (frames !== chunk.frameCount) {
      problems.push(`${what}: ${names.segment} is damaged (${frames < 0 ? 'unreadable' : `${frames} frames, expected ${chunk.frameCount}`})`);
      continue;
    }
    manifests.push(manifest);
  }
  if (problems.length) {
    throw new SegmentError(
      `cannot stitch job ${o.spec.id}: ${problems.length} segment${problems.length > 1 ? 's are' : ' is'} missing or damaged in ${o.segmentsDir}:\n  - ${problems.join('\n  - ')}\n` +
        'Render them again (helios render-chunk --job <job.json> --chunk <i>, or helios render --resume <id>).',
    );
  }
  checkSameEncoder(o.spec.id, manifests);
  checkSameBuilds(o, manifests);
  return manifests;
}

/**
 * Legs rendered with different browser or ffmpeg builds can differ in pixels at the seams:
 * refused unless the caller allows it, and then said in the log.
 */
function checkSameBuilds(o: StitchJobOptions, manifests: ChunkManifest[]): void {
  const mixed = findMixedBuilds(manifests);
  if (!mixed.length) return;
  const what = `the segments of job ${o.spec.id} were made with different builds (${describeMixedBuilds(mixed)})`;
  if (o.allowMixedBuilds) {
    (o.logger ?? silentLogger).warn(`${what}; stitching them anyway (mixed builds allowed): frames at the seams may differ`);
    return;
  }
  throw new MixedBuildsError(
    `cannot stitch: ${what}. Render the odd chunks again with the job's browser and ffmpeg ` +
      '(helios render-chunk --job <job.json> --chunk <i>), or allow it with --allow-mixed-builds (action input allow-mixed-builds: true).',
  );
}

/**
 * Segments from the page's H.264 encoder and from x264 cannot share one stream. With
 * --canvas-encoder auto, runners whose browsers differ can make both: say which did what.
 */
function checkSameEncoder(jobId: string, manifests: ChunkManifest[]): void {
  const encoderOf = (m: ChunkManifest) => (m.captureMethod === 'webcodecs' ? "the browser's encoder (webcodecs)" : 'x264 (jpeg)');
  const groups = new Map<string, number[]>();
  for (const m of manifests) groups.set(encoderOf(m), [...(groups.get(encoderOf(m)) ?? []), m.chunk.index]);
  if (groups.size < 2) return;
  const list = [...groups].map(([encoder, chunks]) => `chunks ${chunks.join(', ')} by ${encoder}`).join('; ');
  throw new SegmentError(
    `cannot stitch job ${jobId}: its segments were encoded differently (${list}). ` +
      'Give every runner the same browser, or plan the job with --canvas-encoder jpeg (or webcodecs) and render again.',
  );
}

/**
 * Checks the stitched file: exactly the planned frames, frame i at i / fps. MP4 and MOV
 * timescales are multiples of the frame rate, so every step is the same; Matroska (WebM, the
 * intermediate) stores milliseconds, so frame i is at i / fps rounded to the millisecond (33
 * and 34 ms steps at 30 fps), never further off than one tick.
 */
async function verifyStitched(ffprobe: string, file: string, spec: JobSpec): Promise<void> {
  const { frames, pts, timeBase } = await probeVideoFrames(ffprobe, file);
  const fps = parseFrameRate(spec.render.fps);
  const [tbNum, tbDen] = timeBase.split('/').map(Number);
  const start = pts[0] ?? 0;
  const off = pts.findIndex((p, i) => Math.abs((p - start) * tbNum * fps.num - i * fps.den * tbDen) > tbNum * fps.num);
  if (frames !== spec.render.totalFrames || off >= 0) {
    const where = off >= 0 ? `frame ${off} is at ${(((pts[off] - start) * tbNum) / tbDen).toFixed(4)}s, expected ${((off * fps.den) / fps.num).toFixed(4)}s` : 'frame times are exact';
    throw new EncodeError(
      `the stitched video is not exact: ${frames} frames (expected ${spec.render.totalFrames}); ${where}. ` +
        'Check that every segment was rendered from the same job spec.',
    );
  }
}

/**
 * Stitches a job's segments into its video: every chunk present and intact, joined by
 * stream copy, checked frame-exact, then the sound (media elements the page played, plus
 * the soundtrack) encoded once over the whole timeline.
 */
export async function stitchJob(o: StitchJobOptions): Promise<StitchJobResult> {
  const t0 = Date.now();
  const logger = o.logger ?? silentLogger;
  const env = o.env ?? {};
  const ffmpeg = findFfmpeg(o.ffmpeg, env).path;
  const ffprobe = findFfprobe(ffmpeg, env);
  const manifests = await checkSegments(o, ffprobe);
  const { render } = o.spec;
  const fps = parseFrameRate(render.fps);
  const out = await prepareRenderOutput(
    { output: o.output ?? o.spec.output.path, format: render.format, segment: false, everyNthFrame: render.everyNthFrame, gifLoops: render.gifLoops, signal: o.signal },
    ffmpeg,
  );
  try {
    const segments = o.spec.chunks.map((c) => ({ path: path.join(o.segmentsDir, segmentFileNames(c.index, render.format).segment), frameCount: c.frameCount }));
    await concatSegments(ffmpeg, segments, { fps, format: render.format, codec: render.codec }, out.video, o.signal);
    await verifyStitched(ffprobe, out.video, o.spec);
    let audioClips = 0;
    if (out.takesAudio && !o.spec.audio.muted) {
      const audioFile = o.audioFile ?? o.spec.audio.file ?? undefined;
      const media: MediaClip[] = [...manifests.flatMap((m) => m.media ?? []), ...(audioFile ? [soundtrack(audioFile)] : [])];
      audioClips = await addAudio({
        ffmpeg,
        ffprobe,
        video: out.video,
        media,
        durationSeconds: frameTimeMs(render.totalFrames, fps) / 1000,
        format: render.format,
        codec: render.codec,
        logger,
        signal: o.signal,
      });
    }
    await out.finish({ fps, startFrame: 0 });
    return { output: out.path, frames: render.totalFrames, manifests, audioClips, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await out.discard();
  }
}
