import { EncodeError, RenderAbortedError } from '../shared/errors.js';
import { runTool } from './ffmpeg-process.js';

/** What a media file or URL holds, as far as muxing cares. */
export interface MediaInfo {
  hasAudio: boolean;
  hasVideo: boolean;
  /** The container's duration; null when it does not say (live streams, some WebM files). */
  durationSeconds: number | null;
  /** Time base of the first video stream (`1/90000`), null without video. */
  videoTimeBase: string | null;
}

/** Packet timestamps of a video stream: enough to check a stitched file frame by frame. */
export interface VideoFrames {
  /** Number of video packets (one per frame). */
  frames: number;
  /** Time base the timestamps are in, such as `1/90000`. */
  timeBase: string;
  /** Presentation timestamps of every packet that has one, sorted ascending. */
  pts: number[];
}

interface ProbeJson {
  streams?: Array<{ codec_type?: string; time_base?: string }>;
  packets?: Array<{ pts?: number | string }>;
  format?: { duration?: string };
}

/** Runs ffprobe with JSON output; any failure names the source and what to check. */
async function probeJson(ffprobe: string, source: string, args: string[], signal?: AbortSignal): Promise<ProbeJson> {
  let stdout: string;
  try {
    stdout = await runTool(ffprobe, ['-v', 'error', ...args, '-of', 'json', source], signal);
  } catch (error) {
    if (signal?.aborted) throw new RenderAbortedError();
    const reason = error instanceof Error ? error.message : String(error);
    throw new EncodeError(
      `cannot read media ${source}: ${reason}\nCheck that the ${/^https?:\/\//i.test(source) ? 'URL is reachable' : 'file exists'} and is an audio or video file ffmpeg can open.`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(stdout) as ProbeJson;
  } catch (error) {
    throw new EncodeError(`cannot read media ${source}: ffprobe (${ffprobe}) printed no JSON. Check that --ffprobe points at ffprobe.`, { cause: error });
  }
}

/** Which streams `source` (a file path or an http(s) URL) has, and how long it is. */
export async function probeMedia(ffprobe: string, source: string, signal?: AbortSignal): Promise<MediaInfo> {
  const json = await probeJson(ffprobe, source, ['-show_entries', 'stream=codec_type,time_base:format=duration'], signal);
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video');
  const duration = Number(json.format?.duration);
  return {
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    hasVideo: video !== undefined,
    durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : null,
    videoTimeBase: video?.time_base ?? null,
  };
}

/**
 * Every packet timestamp of the first video stream of `file`, sorted: a stitched video is
 * right when `frames` is the total frame count and consecutive `pts` differ by one constant step.
 */
export async function probeVideoFrames(ffprobe: string, file: string, signal?: AbortSignal): Promise<VideoFrames> {
  const json = await probeJson(ffprobe, file, ['-select_streams', 'v:0', '-show_entries', 'stream=time_base:packet=pts'], signal);
  const timeBase = json.streams?.[0]?.time_base;
  if (!timeBase) {
    throw new EncodeError(`${file} has no video stream. Check that it is the rendered video, not an audio file or an unfinished segment.`);
  }
  const packets = json.packets ?? [];
  const pts = packets
    .map((p) => Number(p.pts))
    .filter((n) => Number.isFinite(n))
    .sort((a, b) => a - b);
  return { frames: packets.length, timeBase, pts };
}

/** The denominator of a time base such as `1/90000` (the MP4 track timescale), or null if it is not of that form. */
export function timescaleOf(timeBase: string | null): number | null {
  const match = /^1\/(\d+)$/.exec(timeBase ?? '');
  return match ? Number(match[1]) : null;
}

/** Number of video packets (frames) in `file`, counted by ffprobe without listing them: cheap enough for every segment. */
export async function countVideoFrames(ffprobe: string, file: string, signal?: AbortSignal): Promise<number> {
  const json = (await probeJson(ffprobe, file, ['-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets'], signal)) as ProbeJson & {
    streams?: Array<{ nb_read_packets?: string }>;
  };
  const count = Number(json.streams?.[0]?.nb_read_packets);
  if (!Number.isInteger(count)) throw new EncodeError(`${file} has no video stream. Check that it is a rendered segment.`);
  return count;
}
