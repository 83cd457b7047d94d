/**
 * The lossless intermediate that GIF and PNG-sequence outputs are made from: every render
 * chunk writes one, the stitch step joins them by stream copy, then the final file is made
 * from the joined video in one go (one palette for the whole GIF).
 */

/** File extension of an intermediate (Matroska). */
export const INTERMEDIATE_EXTENSION = '.mkv';

/**
 * Container args for an intermediate, and for the concat (stream copy) of several: Matroska.
 * Matroska stores timestamps in milliseconds, so at 30 fps the packet steps are 33 or 34 ms
 * (each within 0.5 ms of N/fps) rather than one constant step; frame count and order are
 * exact through the concat demuxer's stream copy (checked at 24, 30 and 30000/1001 fps).
 * makeGif and writePngSequence never read those timestamps: they number frames by index.
 */
export const INTERMEDIATE_FORMAT_ARGS: readonly string[] = ['-f', 'matroska'];

/**
 * Output args for an FFV1 intermediate: version 3, every frame a keyframe (-g 1, so a concat
 * can cut anywhere and each frame decodes alone), bgra when the render keeps alpha, else bgr0
 * (the same bytes per pixel, but no alpha plane to code).
 *
 * Settings measured on 90 frames of 1280x720 (the dom-css and canvas-raf examples, bgr0,
 * ffmpeg 5.1, CPU time per frame, 2 cores):
 *   Golomb-Rice coder, small context, 4 slices:   encode 32 / 23 ms, 347 / 154 KiB, decode ~14 ms
 *   range coder (-coder 1), small context:        encode 43 / 31 ms, 283 / 135 KiB, decode ~31 ms
 *   range coder, large context (-context 1), 16 slices: encode 46 / 35 ms, 272 / 134 KiB
 * Rice is chosen: the encoder shares the cores with Chromium during a render and the GIF step
 * decodes every frame twice, so a third less CPU either side is worth 20% more bytes in a file
 * that only lives until the stitch. Level 1 (ffmpeg's default) codes the same bytes as fast,
 * but only version 3 has slices, which let threads share a frame when cores are free, and
 * slice CRCs, which cost nothing measurable and catch a chunk corrupted on its way to the stitch.
 */
export function intermediateCodecArgs(alpha: boolean): string[] {
  return [...FFV1_ARGS, '-pix_fmt', alpha ? 'bgra' : 'bgr0'];
}

/** The FFV1 encoder settings above, without the pixel format (buildEncodeArgs sets that with the rest). */
export const FFV1_ARGS: readonly string[] = ['-c:v', 'ffv1', '-level', '3', '-coder', '0', '-context', '0', '-slices', '4', '-slicecrc', '1', '-g', '1'];
