import { rm } from 'node:fs/promises';
import { finishIntermediate } from '../encode/finish-intermediate.js';
import type { FrameRate } from '../shared/fps.js';
import { prepareOutput, prepareSequenceOutput } from '../shared/atomic-output.js';
import type { ResolvedRenderOptions } from './render-options.js';

/** Where a render encodes its frames, and how the result gets into place. */
export interface RenderOutput {
  /** The final file, or for PNG frames the folder. */
  path: string;
  /** The file ffmpeg encodes the captured frames into (sound is added to it in place). */
  video: string;
  /** Sound can be added to `video` (not to a GIF's or PNG frames' intermediate). */
  takesAudio: boolean;
  /** Makes the GIF or PNG frames from the intermediate if need be, then moves the result into place. */
  finish(at: { fps: FrameRate; startFrame: number }): Promise<void>;
  /** Removes every temporary file (safe after finish). */
  discard(): Promise<void>;
}

type OutputOptions = Pick<ResolvedRenderOptions, 'output' | 'format' | 'segment' | 'everyNthFrame' | 'gifLoops' | 'signal'>;

/**
 * Checks the output can be written and picks its temporary names. Videos (and every segment)
 * are encoded straight into a temporary file beside the output. GIFs and PNG frames are
 * encoded into a lossless intermediate first, as segments are, and made from it at the end.
 */
export async function prepareRenderOutput(o: OutputOptions, ffmpeg: string): Promise<RenderOutput> {
  if (o.segment || (o.format !== 'gif' && o.format !== 'png')) {
    const out = await prepareOutput(o.output);
    return { path: out.path, video: out.tempPath, takesAudio: !o.segment, finish: () => out.commit(), discard: () => out.discard() };
  }
  const format = o.format;
  const out = format === 'gif' ? await prepareOutput(o.output) : await prepareSequenceOutput(o.output);
  const finalPath = 'path' in out ? out.path : out.dir;
  const target = 'tempPath' in out ? out.tempPath : out.tempDir;
  const intermediate = `${target}.mkv`;
  return {
    path: finalPath,
    video: intermediate,
    takesAudio: false,
    async finish({ fps, startFrame }) {
      await finishIntermediate({
        ffmpeg, format, intermediate, target, pattern: 'pattern' in out ? out.pattern : '', startNumber: startFrame,
        fps, everyNthFrame: o.everyNthFrame, gifLoops: o.gifLoops, signal: o.signal,
      });
      await rm(intermediate, { force: true });
      await out.commit();
    },
    async discard() {
      await rm(intermediate, { force: true });
      await out.discard();
    },
  };
}
