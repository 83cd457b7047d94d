import type { MediaClip } from '../render/render-video.js';

/** What a worker writes next to each segment: enough for the stitcher and the job summary. */
export interface ChunkManifest {
  jobId: string;
  chunk: { index: number; startFrame: number; frameCount: number };
  /** Segment file name, relative to the manifest's folder. */
  segment: string;
  /** Frames the segment holds (checked after encoding). */
  frames: number;
  mode: 'dom' | 'canvas';
  captureMethod: string;
  browserVersion: string;
  ffmpegVersion: string;
  /** Seconds: page load, frame loop, total. */
  timings: { loadSeconds: number; renderSeconds: number; totalSeconds: number };
  /** Which attempt produced this segment (1 = first). */
  attempt?: number;
  /** Media the page played up to the end of this chunk (absolute timeline). */
  media: MediaClip[];
  finishedAt: string;
}

/** File names of chunk i's segment and manifest. */
export function segmentFileNames(index: number, format: 'mp4' | 'webm'): { segment: string; manifest: string } {
  const base = `segment-${String(index).padStart(4, '0')}`;
  return { segment: `${base}.${format}`, manifest: `${base}.json` };
}
