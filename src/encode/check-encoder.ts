import { EncodeError } from '../shared/errors.js';
import { encoderName } from './codec-args.js';
import type { Codec } from '../plan/spec-values.js';
import { runTool } from './ffmpeg-process.js';

const encodersByFfmpeg = new Map<string, Promise<string>>();

/**
 * Checks that this ffmpeg has the codec's encoder (builds differ: AV1 and H.265 are often
 * left out) before any browser starts, so a render does not fail at its first frame.
 */
export async function checkEncoder(ffmpeg: string, codec: Codec, signal?: AbortSignal): Promise<void> {
  let list = encodersByFfmpeg.get(ffmpeg);
  if (!list) {
    list = runTool(ffmpeg, ['-hide_banner', '-encoders'], signal);
    encodersByFfmpeg.set(ffmpeg, list);
  }
  const name = encoderName({ codec });
  // The listing is " V....D libx264   ..." per encoder.
  if (!new RegExp(`^\\s*\\S+\\s+${name}\\s`, 'm').test(await list)) {
    throw new EncodeError(`this ffmpeg (${ffmpeg}) has no ${name} encoder, which ${codec} needs`, {
      nextStep: `install an ffmpeg built with ${name} (Debian's and Ubuntu's ffmpeg packages have it) and pass --ffmpeg, or choose another --codec`,
    });
  }
}
