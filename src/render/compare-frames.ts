/** How far apart two decoded frames are. */
export interface FrameDifference {
  identical: boolean;
  /**
   * Identical, or so close that only rasterization differs (PSNR >= MATCH_PSNR_DB). The first
   * frame a fresh page paints can raster a few edges differently from a page that has been
   * painting for a while (text and gradients under elements whose transforms animated
   * earlier, measured at 46-60 dB on the anime and dom-css examples, with the same JS
   * state): less than the encoder itself changes at the default quality (about 47 dB).
   */
  matches: boolean;
  /** Largest difference of one colour channel of one pixel, 0..255. */
  maxDifference: number;
  /** Peak signal-to-noise ratio in dB; null when the frames are identical (infinite). */
  psnr: number | null;
}

/** PSNR at or above which two frames count as the same picture (see FrameDifference.matches). */
export const MATCH_PSNR_DB = 45;

/** Compares two raw frames of the same size, byte by byte (8-bit channels). */
export function compareFrames(a: Buffer, b: Buffer): FrameDifference {
  if (a.length !== b.length) throw new Error(`frames of different sizes: ${a.length} and ${b.length} bytes`);
  let max = 0;
  let squares = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (d === 0) continue;
    const abs = d < 0 ? -d : d;
    if (abs > max) max = abs;
    squares += d * d;
  }
  if (max === 0) return { identical: true, matches: true, maxDifference: 0, psnr: null };
  const psnr = 10 * Math.log10((255 * 255) / (squares / a.length));
  return { identical: false, matches: psnr >= MATCH_PSNR_DB, maxDifference: max, psnr };
}
