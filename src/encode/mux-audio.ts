import { EncodeError, InvalidOptionError, RenderAbortedError, throwIfAborted } from '../shared/errors.js';
import { runTool } from './ffmpeg-process.js';
import { probeMedia, timescaleOf } from './probe-media.js';

/** One sound on the composition's timeline. */
export interface AudioClip {
  /** File path or http(s) URL of anything ffmpeg can read with an audio stream. */
  source: string;
  /** Where the clip starts on the timeline; negative cuts off the clip's beginning. */
  startSeconds: number;
  /** Linear gain: 1 leaves it unchanged, 0.5 is about -6 dB. */
  volume: number;
  /** Repeat the clip until the end of the video. */
  loop: boolean;
}

export interface MuxAudioOptions {
  ffmpeg: string;
  ffprobe: string;
  /** The stitched, video-only file. Its video stream is copied, never re-encoded. */
  video: string;
  clips: AudioClip[];
  /** Length of the timeline (frames / fps); the audio is padded or cut to exactly this. */
  durationSeconds: number;
  /** Written directly; the caller picks a temporary name and renames it. */
  output: string;
  format: AudioContainer;
  /** The video's codec tag to keep (hvc1 for H.265). */
  videoTag?: string;
  signal?: AbortSignal;
}

/** Settings of buildMuxAudioArgs that come from probing the video and the ffmpeg build. */
export interface MuxTweaks {
  /** MP4 track timescale to keep (the input's, e.g. 90000); omitted leaves ffmpeg's choice. */
  videoTimescale?: number;
  /**
   * WebM only: start the Opus packets at 0 instead of at minus the encoder's pre-skip. Needed
   * with libavformat ≤ 59.30 (ffmpeg ≤ 5.1), whose Matroska muxer writes CodecDelay but does
   * not offset the audio blocks by it; ffmpeg then moves every stream, the copied video
   * included, 7 ms later. With the shift the file is laid out as newer ffmpeg writes it:
   * video untouched from 0, first audible sample at 0.
   */
  shiftOpusPreSkip?: boolean;
  /** MP4/MOV: the video codec tag to write (hvc1 for H.265). */
  videoTag?: string;
}

/** All audio is mixed and encoded at this rate (what AAC and Opus both handle natively). */
export const AUDIO_SAMPLE_RATE = 48_000;

function samples(seconds: number): number {
  return Math.round(seconds * AUDIO_SAMPLE_RATE);
}

function validate(clips: AudioClip[], durationSeconds: number): void {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) {
    throw new InvalidOptionError(`the video duration must be a positive number of seconds to mix audio over, got ${durationSeconds}`);
  }
  clips.forEach((clip, i) => {
    const name = `audio clip ${i + 1} (${clip.source || 'no source'})`;
    if (!clip.source) throw new InvalidOptionError(`${name} has no source: give a file path or an http(s) URL`);
    if (!Number.isFinite(clip.startSeconds)) throw new InvalidOptionError(`${name}: start must be a number of seconds, got ${clip.startSeconds}`);
    if (!Number.isFinite(clip.volume) || clip.volume < 0) throw new InvalidOptionError(`${name}: volume must be a number ≥ 0 (1 = unchanged), got ${clip.volume}`);
  });
}

/** The clips that can be heard at all within [0, durationSeconds): a clip starting at or after the end is dropped. */
export function audibleClips(clips: AudioClip[], durationSeconds: number): AudioClip[] {
  validate(clips, durationSeconds);
  return clips.filter((clip) => samples(clip.startSeconds) < samples(durationSeconds));
}

/**
 * Filter chain for clip input `input` (label `[a<k>]`): resampled to 48 kHz stereo, cut to
 * the part that fits on the timeline, scaled, then delayed to its start. Sample counts, not
 * seconds, so nothing rounds differently from one clip to the next.
 */
function clipChain(clip: AudioClip, input: number, k: number, total: number): string {
  const start = samples(clip.startSeconds);
  const skip = Math.max(0, -start);
  const delay = Math.max(0, start);
  return (
    `[${input}:a:0]asetpts=PTS-STARTPTS,aresample=${AUDIO_SAMPLE_RATE},` +
    `aformat=sample_fmts=fltp:sample_rates=${AUDIO_SAMPLE_RATE}:channel_layouts=stereo,` +
    `atrim=start_sample=${skip}:end_sample=${skip + total - delay},asetpts=PTS-STARTPTS,` +
    `volume=${clip.volume},adelay=delays=${delay}S:all=1[a${k}]`
  );
}

/** Containers that take a sound track (GIFs and PNG frames have none). */
export type AudioContainer = 'mp4' | 'webm' | 'mov';

function containerArgs(format: AudioContainer, tweaks: MuxTweaks): string[] {
  if (format === 'webm') return ['-f', 'webm'];
  return [
    '-f', format, '-movflags', '+faststart',
    ...(tweaks.videoTimescale ? ['-video_track_timescale', String(tweaks.videoTimescale)] : []),
    // A stream copy does not keep H.265's hvc1 tag on its own (players on Apple devices need it).
    ...(tweaks.videoTag ? ['-tag:v', tweaks.videoTag] : []),
  ];
}

/**
 * ffmpeg arguments that copy the video stream of `video` and add one audio track mixing every
 * audible clip, encoded once over the whole timeline (AAC 192k for mp4, Opus 160k for webm,
 * both 48 kHz stereo) and exactly `durationSeconds` long. With no audible clip the video is
 * remuxed as it is, without an audio track. Pure: callers drop clips without audio first.
 * @param tweaks what depends on the input file and the ffmpeg build (see MuxTweaks)
 */
export function buildMuxAudioArgs(
  video: string,
  clips: AudioClip[],
  durationSeconds: number,
  output: string,
  format: AudioContainer,
  tweaks: MuxTweaks = {},
): string[] {
  const used = audibleClips(clips, durationSeconds);
  const head = ['-hide_banner', '-loglevel', 'error', '-y', '-i', video];
  const tail = [...containerArgs(format, tweaks), output];
  if (used.length === 0) return [...head, '-map', '0:v:0', '-c', 'copy', '-an', ...tail];

  const total = samples(durationSeconds);
  const inputs = used.flatMap((clip) => [...(clip.loop ? ['-stream_loop', '-1'] : []), '-i', clip.source]);
  const chains = used.map((clip, k) => clipChain(clip, k + 1, k, total));
  const labels = used.map((_, k) => `[a${k}]`).join('');
  // normalize=0: each clip keeps its own volume however many play at once (amix would otherwise divide by the count).
  const mix = `${labels}amix=inputs=${used.length}:duration=longest:dropout_transition=0:normalize=0,apad=whole_len=${total},atrim=end_sample=${total}[aout]`;
  const audioCodec =
    format === 'webm'
      ? ['-c:a', 'libopus', '-b:a', '160k', ...(tweaks.shiftOpusPreSkip ? ['-bsf:a', 'setts=ts=TS-STARTPTS'] : [])]
      : ['-c:a', 'aac', '-b:a', '192k'];
  return [
    ...head,
    ...inputs,
    '-filter_complex', [...chains, mix].join(';'),
    '-map', '0:v:0', '-map', '[aout]',
    '-c:v', 'copy',
    ...audioCodec, '-ar', String(AUDIO_SAMPLE_RATE), '-ac', '2',
    ...tail,
  ];
}

const opusShiftByFfmpeg = new Map<string, Promise<boolean>>();

/**
 * Whether this ffmpeg's Matroska muxer predates the CodecDelay fix (libavformat 59.31, in
 * ffmpeg 6.0): read once per binary from `ffmpeg -version`. A version it cannot read counts as new.
 */
function muxerNeedsOpusShift(ffmpeg: string, signal?: AbortSignal): Promise<boolean> {
  let answer = opusShiftByFfmpeg.get(ffmpeg);
  if (!answer) {
    answer = runTool(ffmpeg, ['-hide_banner', '-version'], signal).then(libavformatNeedsOpusShift, () => {
      opusShiftByFfmpeg.delete(ffmpeg);
      return false;
    });
    opusShiftByFfmpeg.set(ffmpeg, answer);
  }
  return answer;
}

/** True for `ffmpeg -version` output naming libavformat 59.30 or older. */
export function libavformatNeedsOpusShift(versionText: string): boolean {
  const match = /libavformat\s+(\d+)\.\s*(\d+)\./.exec(versionText);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 59 || (major === 59 && minor <= 30);
}

/**
 * Writes `output`: the video stream of `o.video` copied bit for bit, plus the clips mixed into
 * one audio track encoded once (so segment seams never show up in the sound). Clips whose
 * source has no audio stream are skipped. When no clip is left, `output` is still written,
 * as a stream copy of the video without audio, and `clipsUsed` is 0.
 */
export async function muxAudio(o: MuxAudioOptions): Promise<{ clipsUsed: number }> {
  throwIfAborted(o.signal);
  const candidates = audibleClips(o.clips, o.durationSeconds);
  const used: AudioClip[] = [];
  for (const clip of candidates) {
    const info = await probeMedia(o.ffprobe, clip.source, o.signal);
    if (info.hasAudio) used.push(clip);
  }
  let timescale: number | undefined;
  if (o.format !== 'webm') {
    const info = await probeMedia(o.ffprobe, o.video, o.signal);
    if (!info.hasVideo) throw new EncodeError(`${o.video} has no video stream to add audio to. Check that it is the stitched video.`);
    timescale = timescaleOf(info.videoTimeBase) ?? undefined;
  }
  const shiftOpusPreSkip = o.format === 'webm' && used.length > 0 && (await muxerNeedsOpusShift(o.ffmpeg, o.signal));
  const args = buildMuxAudioArgs(o.video, used, o.durationSeconds, o.output, o.format, { videoTimescale: timescale, shiftOpusPreSkip, videoTag: o.videoTag });
  try {
    await runTool(o.ffmpeg, args, o.signal);
  } catch (error) {
    if (o.signal?.aborted) throw new RenderAbortedError();
    const reason = error instanceof Error ? error.message : String(error);
    const sources = used.map((c) => c.source).join(', ') || '(none)';
    throw new EncodeError(
      `could not add audio to ${o.video} (clips: ${sources}): ${reason}\nCheck that each audio source is a file ffmpeg can decode and that ${o.output} can be written.`,
      { cause: error },
    );
  }
  return { clipsUsed: used.length };
}
