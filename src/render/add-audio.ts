import { rename, rm } from 'node:fs/promises';
import { audibleClips, muxAudio, type AudioClip, type AudioContainer } from '../encode/mux-audio.js';
import type { Codec, VideoFormat } from '../plan/spec-values.js';
import type { Logger } from '../shared/logger.js';
import type { MediaClip } from '../plan/chunk-manifest.js';

export interface AddAudioOptions {
  ffmpeg: string;
  ffprobe: string;
  /** The finished video-only file; replaced in place when audio is added. */
  video: string;
  /** Media elements the page played (muted ones are left out) and the soundtrack, if any. */
  media: MediaClip[];
  durationSeconds: number;
  format: VideoFormat;
  codec: Codec;
  logger: Logger;
  signal?: AbortSignal;
}

/** The clips to mix: unmuted, audible media (each source and start once). */
function collectAudioClips(media: MediaClip[]): AudioClip[] {
  const seen = new Set<string>();
  const clips: AudioClip[] = [];
  for (const m of media) {
    const key = `${m.source}@${m.startSeconds}`;
    if (m.muted || m.volume === 0 || seen.has(key)) continue;
    seen.add(key);
    clips.push({ source: m.source, startSeconds: m.startSeconds, volume: m.volume, loop: m.loop });
  }
  return clips;
}

/**
 * Encodes the sound once over the whole timeline and muxes it with the video by stream
 * copy. Does nothing when there is nothing to hear. Returns the number of clips mixed.
 */
export async function addAudio(o: AddAudioOptions): Promise<number> {
  const clips = collectAudioClips(o.media);
  if (audibleClips(clips, o.durationSeconds).length === 0) return 0;
  if (o.format === 'gif' || o.format === 'png') {
    o.logger.warn(`the page plays sound, but a ${o.format === 'gif' ? 'GIF' : 'PNG sequence'} has none: it is left out (pass --muted to say so)`);
    return 0;
  }
  const format: AudioContainer = o.format;
  const temp = o.video.replace(/(\.[^./]+)$/, '.audio$1');
  try {
    const { clipsUsed } = await muxAudio({ ffmpeg: o.ffmpeg, ffprobe: o.ffprobe, video: o.video, clips, durationSeconds: o.durationSeconds, output: temp, format, videoTag: o.codec === 'h265' ? 'hvc1' : undefined, signal: o.signal });
    if (clipsUsed === 0) return 0;
    await rename(temp, o.video);
    o.logger.info(`mixed ${clipsUsed} audio clip${clipsUsed > 1 ? 's' : ''} into one track over ${o.durationSeconds.toFixed(3)}s`);
    return clipsUsed;
  } finally {
    await rm(temp, { force: true });
  }
}
