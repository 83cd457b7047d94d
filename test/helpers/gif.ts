/** One image of a GIF, with the graphic control extension that came before it. */
export interface GifFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Whether the image carries its own (local) colour table. */
  localColorTable: boolean;
  /** The local colour table's entries as 0xRRGGBB, when there is one. */
  localColors: number[] | null;
  /** Delay after this image, in centiseconds (0 when no graphic control extension). */
  delay: number;
  /** Disposal method (0 unspecified, 1 keep, 2 restore background, 3 restore previous). */
  disposal: number;
  /** The transparent colour index, when the image has one. */
  transparentIndex: number | null;
}

export interface GifInfo {
  width: number;
  height: number;
  /** Entries in the global colour table, 0 when there is none. */
  globalColorTableSize: number;
  /** The global colour table's entries as 0xRRGGBB. */
  globalColors: number[];
  /** The NETSCAPE2.0 loop count (0 = forever), or null when the extension is absent (play once). */
  loopCount: number | null;
  frames: GifFrame[];
}

/**
 * Reads the structure of a GIF (no pixel decoding): enough for tests to check the colour
 * tables, the frame delays and the loop count that ffmpeg wrote.
 */
function readColors(data: Buffer, at: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => data.readUIntBE(at + 3 * i, 3));
}

export function parseGif(data: Buffer): GifInfo {
  const signature = data.toString('latin1', 0, 6);
  if (signature !== 'GIF89a' && signature !== 'GIF87a') throw new Error(`not a GIF (starts with ${JSON.stringify(signature)})`);
  const width = data.readUInt16LE(6);
  const height = data.readUInt16LE(8);
  const screenFlags = data[10];
  const globalColorTableSize = screenFlags & 0x80 ? 2 << (screenFlags & 7) : 0;
  const globalColors = readColors(data, 13, globalColorTableSize);
  let pos = 13 + 3 * globalColorTableSize;
  let loopCount: number | null = null;
  const frames: GifFrame[] = [];
  let control = { delay: 0, disposal: 0, transparentIndex: null as number | null };

  /** Skips data sub-blocks (length byte, bytes; a 0 length ends them) and returns them joined. */
  const readSubBlocks = (): Buffer => {
    const parts: Buffer[] = [];
    for (;;) {
      if (pos >= data.length) throw new Error('GIF ends inside a block');
      const size = data[pos++];
      if (size === 0) return Buffer.concat(parts);
      parts.push(data.subarray(pos, pos + size));
      pos += size;
    }
  };

  for (;;) {
    if (pos >= data.length) throw new Error('GIF ends without a trailer');
    const introducer = data[pos++];
    if (introducer === 0x3b) break;
    if (introducer === 0x21) {
      const label = data[pos++];
      const body = readSubBlocks();
      if (label === 0xf9) {
        control = { disposal: (body[0] >> 2) & 7, delay: body.readUInt16LE(1), transparentIndex: body[0] & 1 ? body[3] : null };
      } else if (label === 0xff && body.toString('latin1', 0, 11) === 'NETSCAPE2.0' && body[11] === 1) {
        loopCount = body.readUInt16LE(12);
      }
    } else if (introducer === 0x2c) {
      const flags = data[pos + 8];
      const localSize = flags & 0x80 ? 2 << (flags & 7) : 0;
      const frame: GifFrame = {
        left: data.readUInt16LE(pos),
        top: data.readUInt16LE(pos + 2),
        width: data.readUInt16LE(pos + 4),
        height: data.readUInt16LE(pos + 6),
        localColorTable: localSize > 0,
        localColors: localSize > 0 ? readColors(data, pos + 9, localSize) : null,
        ...control,
      };
      pos += 9 + 3 * localSize;
      pos += 1; // LZW minimum code size
      readSubBlocks();
      frames.push(frame);
      control = { delay: 0, disposal: 0, transparentIndex: null };
    } else {
      throw new Error(`unexpected GIF block 0x${introducer.toString(16)} at byte ${pos - 1}`);
    }
  }
  return { width, height, globalColorTableSize, globalColors, loopCount, frames };
}
