import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describeCliError } from '../../src/cli/commands.js';
import { stillCommandOptionsFromFlags } from '../../src/cli/still-command.js';
import { buildImageArgs, jpegQscale } from '../../src/encode/write-image.js';
import { checkStillFrame, resolveStillOptions } from '../../src/render/still-options.js';
import { InvalidOptionError } from '../../src/shared/errors.js';
import { cliErrorOf, createInProcessCli, type InProcessCli } from '../helpers/cli-in-process.js';

// No browser starts in this file: --browser is a script that leaves a marker file when started.
let cli: InProcessCli;
let dir: string;
let page: string;
let fakeBrowser: string;
let marker: string;
beforeAll(() => {
  cli = createInProcessCli('helios-still-options-');
  ({ dir, page, fakeBrowser, marker } = cli);
});
afterAll(() => cli.remove());
beforeEach(() => rmSync(marker, { force: true }));

/** Runs `helios still <page> <args>` in this process and returns the error the CLI would print. */
function stillError(args: string[]): Promise<string> {
  return cliErrorOf(['still', page, '--browser', fakeBrowser, ...args]);
}

describe('helios still refuses bad flags before a browser starts', () => {
  test.each([
    [['--frame', '-1'], '--frame must be at least 0, got -1'],
    [['--frame', '2.5'], '--frame must be a whole number, got "2.5"'],
    [['--frame', 'last'], '--frame must be a whole number, got "last"'],
    [['--frame', '3', '-o', 'poster.gif'], 'cannot tell the image format from the extension .gif: helios still writes .png, .jpg, .jpeg, .webp (for a video, use helios render)'],
    [['--frame', '3', '-o', 'poster'], 'cannot tell the image format from poster, which has no extension: helios still writes .png, .jpg, .jpeg, .webp (for a video, use helios render)'],
    [['--frame', '3', '-o', 'poster.jpg', '--transparent'], '--transparent: a JPEG has no alpha channel: write a .png or .webp --output'],
    [['--frame', '3', '-o', 'poster.png', '--quality', '80'], '--quality is for JPEG and WebP images: a PNG is lossless'],
    [['--frame', '3', '-o', 'poster.webp', '--quality', '0'], '--quality must be between 1 and 100, got 0'],
    [['--frame', '3', '-o', 'poster.jpeg', '--quality', '101'], '--quality must be between 1 and 100, got 101'],
    [['--frame', '3', '--scale', '5'], '--scale must be greater than 0 and at most 4, got 5'],
    [['--frame', '3', '--scale', '0.05'], '--scale must be between 0.1 and 4, got 0.05'],
    [['--frame', '3', '--seek', 'skip'], '--seek must be one of fast-forward, replay, jump, got "skip"'],
    [['--frame', '3', '--width', '641'], '--width is 641, but H.264/VP9 with yuv420p need an even size: use 640 or 642'],
  ])('%j', async (args, message) => {
    expect(await stillError(args)).toBe(message);
    expect(existsSync(marker)).toBe(false);
  });

  test('control: with good flags the fake browser is started', async () => {
    const message = await stillError(['--frame', '3', '-o', path.join(dir, 'poster.webp'), '--quality', '75']);
    expect(message).not.toContain('--frame');
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(path.join(dir, 'poster.webp'))).toBe(false);
  });
});

describe('still options', () => {
  test('flags arrive typed; the image resolves with its defaults', () => {
    const options = stillCommandOptionsFromFlags(page, { frame: '12', output: 'a/b.JPG', scale: '2', quality: '70' });
    expect(options).toMatchObject({ input: page, frame: 12, output: 'a/b.JPG', scale: 2, quality: 70 });
    const o = resolveStillOptions(options);
    expect(o.image).toEqual({ output: 'a/b.JPG', format: 'jpeg', quality: 70, transparent: false });
    // Captured as a render captures (JPEG frames through ffmpeg), never by the page's H.264 encoder.
    expect(o).toMatchObject({ frame: 12, scale: 2, canvasEncoder: 'jpeg', transparent: false });
    expect(resolveStillOptions({ input: page, frame: 0 }).image).toEqual({ output: 'still.png', format: 'png', quality: null, transparent: false });
    expect(resolveStillOptions({ input: page, frame: 0, output: 'x.webp', transparent: true }).image).toMatchObject({ format: 'webp', quality: 90, transparent: true });
  });

  test('the frame is checked against the length once the page is known', () => {
    expect(() => checkStillFrame(9, 10)).not.toThrow();
    expect(() => checkStillFrame(3, null)).not.toThrow();
    const error = (() => {
      try {
        checkStillFrame(10, 10);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(describeCliError(error as InvalidOptionError)).toBe('--frame is 10, past the end: the composition has 10 frames (0 to 9)');
  });

  test('one writer for stills and the poster: the ffmpeg arguments per format', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0]);
    const still = buildImageArgs({ source: { image: png }, output: 'o.webp', format: 'webp', quality: 80, transparent: true, size: { width: 512, height: 128 } });
    expect(still.join(' ')).toContain('-f image2pipe -c:v png -i pipe:0 -frames:v 1 -vf scale=512:128 -c:v libwebp -quality 80 -pix_fmt yuva420p -f image2 -update 1 o.webp');
    expect(buildImageArgs({ source: { image: jpeg }, output: 'o.jpg', format: 'jpeg' }).join(' ')).toContain(
      '-c:v mjpeg -i pipe:0 -frames:v 1 -vf scale=out_range=tv:out_color_matrix=bt709,format=yuv420p,scale=in_range=tv:in_color_matrix=bt709:out_range=pc:out_color_matrix=bt709,format=rgb24 -c:v mjpeg -q:v 5 -pix_fmt yuvj420p',
    );
    const poster = buildImageArgs({ source: { video: 'v.mp4', atSeconds: 1.5 }, output: 'p.png', format: 'png', size: { width: 960 } });
    expect(poster.join(' ')).toContain('-ss 1.500 -i v.mp4 -frames:v 1 -vf scale=960:-2 -c:v png -pix_fmt rgb24');
    expect([jpegQscale(100), jpegQscale(90), jpegQscale(1)]).toEqual([2, 5, 31]);
  });
});
