import { clearAfterEachFrame } from '../../src/encode/gif-disposal.js';
import { EncodeError } from '../../src/shared/errors.js';
import { parseGif } from '../helpers/gif.js';

interface TestFrame {
  disposal: number;
  delay: number;
  transparentIndex?: number;
  localColors?: number[];
}

/** A GIF's structure around 1x1 images (the image data is a valid-looking stub, never decoded here). */
function buildGif(o: { globalColors?: number[]; loop?: number; frames: TestFrame[] }): Buffer {
  const bytes: number[] = [...Buffer.from('GIF89a'), 1, 0, 1, 0];
  const tableFlags = (colors: number[]) => 0x80 | (Math.log2(colors.length) - 1);
  const table = (colors: number[]) => colors.flatMap((c) => [(c >> 16) & 255, (c >> 8) & 255, c & 255]);
  bytes.push(o.globalColors ? tableFlags(o.globalColors) : 0, 0, 0, ...(o.globalColors ? table(o.globalColors) : []));
  if (o.loop !== undefined) bytes.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, o.loop & 255, o.loop >> 8, 0);
  for (const f of o.frames) {
    const t = f.transparentIndex;
    bytes.push(0x21, 0xf9, 4, (f.disposal << 2) | (t === undefined ? 0 : 1), f.delay & 255, f.delay >> 8, t ?? 0, 0);
    bytes.push(0x2c, 0, 0, 0, 0, 1, 0, 1, 0, f.localColors ? tableFlags(f.localColors) : 0, ...(f.localColors ? table(f.localColors) : []));
    bytes.push(2, 2, 0x44, 0x01, 0); // LZW minimum code size 2, one sub-block, end
  }
  bytes.push(0x3b);
  return Buffer.from(bytes);
}

const GLOBAL = [0x000000, 0xffffff, 0xff0000, 0x00ff00];

describe('parseGif (test helper)', () => {
  test('reads the screen, colour tables, delays, disposal, transparency and loop count', () => {
    const gif = buildGif({
      globalColors: GLOBAL,
      loop: 2,
      frames: [
        { disposal: 1, delay: 3, localColors: [0x123456, 0xabcdef] },
        { disposal: 2, delay: 4, transparentIndex: 3 },
      ],
    });
    const info = parseGif(gif);
    expect(info).toMatchObject({ width: 1, height: 1, globalColorTableSize: 4, globalColors: GLOBAL, loopCount: 2 });
    expect(info.frames).toEqual([
      { left: 0, top: 0, width: 1, height: 1, localColorTable: true, localColors: [0x123456, 0xabcdef], delay: 3, disposal: 1, transparentIndex: null },
      { left: 0, top: 0, width: 1, height: 1, localColorTable: false, localColors: null, delay: 4, disposal: 2, transparentIndex: 3 },
    ]);
  });

  test('no NETSCAPE extension reads as loop count null; no global table as size 0', () => {
    const info = parseGif(buildGif({ frames: [{ disposal: 0, delay: 10, localColors: GLOBAL }] }));
    expect(info.loopCount).toBeNull();
    expect(info.globalColorTableSize).toBe(0);
  });

  test('rejects what is not a whole GIF', () => {
    expect(() => parseGif(Buffer.from('PNG...........'))).toThrow(/not a GIF/);
    const gif = buildGif({ globalColors: GLOBAL, frames: [{ disposal: 1, delay: 3 }] });
    expect(() => parseGif(gif.subarray(0, gif.length - 4))).toThrow(/ends/);
  });
});

describe('clearAfterEachFrame', () => {
  test('sets disposal 2 everywhere and the global transparent index on frames without a local table', () => {
    const gif = buildGif({
      globalColors: GLOBAL,
      frames: [
        { disposal: 1, delay: 3, localColors: [0x123456, 0xabcdef] },
        { disposal: 1, delay: 4 },
        { disposal: 2, delay: 3, transparentIndex: 3 },
        { disposal: 1, delay: 3 },
      ],
    });
    expect(clearAfterEachFrame(gif)).toBe(4);
    const frames = parseGif(gif).frames;
    expect(frames.map((f) => f.disposal)).toEqual([2, 2, 2, 2]);
    // The frame with its own table keeps its transparency: index 3 would mean another colour there.
    expect(frames.map((f) => f.transparentIndex)).toEqual([null, 3, 3, 3]);
    expect(frames.map((f) => f.delay)).toEqual([3, 4, 3, 3]);
  });

  test('without any transparent frame only the disposal changes', () => {
    const gif = buildGif({ globalColors: GLOBAL, frames: [{ disposal: 1, delay: 3 }, { disposal: 0, delay: 4 }] });
    clearAfterEachFrame(gif);
    expect(parseGif(gif).frames.map((f) => [f.disposal, f.transparentIndex])).toEqual([[2, null], [2, null]]);
  });

  test('a malformed GIF is an EncodeError', () => {
    const gif = buildGif({ globalColors: GLOBAL, frames: [{ disposal: 1, delay: 3 }] });
    expect(() => clearAfterEachFrame(gif.subarray(0, gif.length - 1))).toThrow(EncodeError);
  });
});
