import type { FrameRate } from '../shared/fps.js';
import { makeGif } from './make-gif.js';
import { writePngSequence } from './png-sequence.js';

export interface FinishIntermediateOptions {
  ffmpeg: string;
  format: 'gif' | 'png';
  /** The lossless intermediate (FFV1 in Matroska) holding every frame. */
  intermediate: string;
  /** gif: the file to write; png: the folder to write the frames into. */
  target: string;
  /** png: the frames' file name pattern (`%05d.png`). */
  pattern: string;
  /** png: the number of the first frame (the video's own frame numbers). */
  startNumber: number;
  fps: FrameRate;
  everyNthFrame: number;
  gifLoops: number | null;
  signal?: AbortSignal;
}

/**
 * Makes the final GIF or PNG frames from the lossless intermediate of a render or of the
 * stitched segments: one step, so a render in one process and a stitched one end the same.
 */
export async function finishIntermediate(o: FinishIntermediateOptions): Promise<void> {
  if (o.format === 'gif') {
    // A GIF is never transparent (refused up front): its intermediate is opaque.
    await makeGif({ ffmpeg: o.ffmpeg, input: o.intermediate, output: o.target, fps: o.fps, everyNthFrame: o.everyNthFrame, gifLoops: o.gifLoops, alpha: false, signal: o.signal });
  } else {
    await writePngSequence({ ffmpeg: o.ffmpeg, input: o.intermediate, dir: o.target, pattern: o.pattern, startNumber: o.startNumber, signal: o.signal });
  }
}
