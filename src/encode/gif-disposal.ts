import { EncodeError } from '../shared/errors.js';

/**
 * Calls `visit` for each image that has a graphic control extension, with the offset of the
 * extension's packed byte (followed by the delay, 2 bytes, and the transparent colour index)
 * and whether the image has a local colour table. Only the structure is walked (blocks and
 * sub-blocks); image data is not decoded.
 */
function forEachGraphicControl(gif: Buffer, visit: (packed: number, localColorTable: boolean) => void): void {
  const fail = (what: string) => new EncodeError(`the GIF ffmpeg wrote is malformed (${what})`);
  if (gif.toString('latin1', 0, 3) !== 'GIF') throw fail('no GIF signature');
  const colorTableBytes = (flags: number) => (flags & 0x80 ? 3 * (2 << (flags & 7)) : 0);
  let pos = 13 + colorTableBytes(gif[10]);
  const skipSubBlocks = () => {
    while (pos < gif.length && gif[pos] !== 0) pos += gif[pos] + 1;
    if (pos >= gif.length) throw fail('a block runs past the end');
    pos += 1;
  };
  let control = -1;
  for (;;) {
    if (pos >= gif.length) throw fail('no trailer');
    const introducer = gif[pos++];
    if (introducer === 0x3b) return;
    if (introducer === 0x21) {
      const label = gif[pos++];
      if (label === 0xf9 && gif[pos] === 4) control = pos + 1;
      skipSubBlocks();
    } else if (introducer === 0x2c) {
      if (control >= 0) visit(control, (gif[pos + 8] & 0x80) !== 0);
      control = -1;
      pos += 9 + colorTableBytes(gif[pos + 8]) + 1; // descriptor, local colour table, LZW code size
      skipSubBlocks();
    } else {
      throw fail(`unknown block 0x${introducer.toString(16)} at byte ${pos - 1}`);
    }
  }
}

const TRANSPARENT_FLAG = 0x01;
const DISPOSAL_MASK = 0x1c;
/** Disposal method 2, "restore to background", in its place in the packed byte. */
const DISPOSE_TO_BACKGROUND = 2 << 2;

/**
 * Makes every frame of a GIF start from a clear canvas, in place: each frame's disposal
 * becomes "restore to background", and each frame names the global palette's transparent
 * entry (the one translucent frames already name), because a decoder may clear a frame
 * without one to the opaque background colour (ffmpeg's does; browsers clear to transparent).
 * A frame with its own colour table (ffmpeg before 6 gives the first frame one) keeps its
 * transparency as it is: the global index means another colour there. For GIFs whose frames
 * are stored whole. Returns the number of frames changed.
 */
export function clearAfterEachFrame(gif: Buffer): number {
  let transparentIndex = -1;
  forEachGraphicControl(gif, (packed, localColorTable) => {
    if (transparentIndex < 0 && !localColorTable && gif[packed] & TRANSPARENT_FLAG) transparentIndex = gif[packed + 3];
  });
  let count = 0;
  forEachGraphicControl(gif, (packed, localColorTable) => {
    gif[packed] = (gif[packed] & ~DISPOSAL_MASK) | DISPOSE_TO_BACKGROUND;
    if (transparentIndex >= 0 && !localColorTable && !(gif[packed] & TRANSPARENT_FLAG)) {
      gif[packed] |= TRANSPARENT_FLAG;
      gif[packed + 3] = transparentIndex;
    }
    count++;
  });
  return count;
}
