import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inputName } from '../../src/actions/action-context.js';
import { describeCliError } from '../../src/cli/commands.js';
import { runJobsCommand } from '../../src/cli/jobs-command.js';
import { renderCommandOptionsFromFlags, runRenderCommand } from '../../src/cli/render-command.js';
import { InvalidOptionError } from '../../src/shared/errors.js';
import { cliErrorOf, createInProcessCli, testContext, type InProcessCli } from '../helpers/cli-in-process.js';

// No browser starts in this file: --browser is a script that only leaves a marker file when
// it is started, and the renders below must be refused before that.
let cli: InProcessCli;
let dir: string;
let page: string;
let fakeBrowser: string;
let marker: string;
beforeAll(() => {
  cli = createInProcessCli('helios-cli-options-');
  ({ dir, page, fakeBrowser, marker } = cli);
});
afterAll(() => cli.remove());
beforeEach(() => rmSync(marker, { force: true }));

/** Runs `helios <args>` in this process (the command table, flag conversion and command) and returns what the CLI would print. */
async function cliError(args: string[]): Promise<string> {
  const started = Date.now();
  const message = await cliErrorOf(args);
  expect(Date.now() - started).toBeLessThan(2000);
  return message;
}

describe('bad flags are refused before a browser starts', () => {
  test.each([
    [['--width', '1281'], '--width is 1281, but H.264/VP9 with yuv420p need an even size: use 1280 or 1282'],
    [['--width', '9000'], '--width must be between 2 and 7680, got 9000'],
    [['--quality', '99'], '--quality must be between 0 and 51, got 99'],
    [['--quality', '64', '-o', 'x.webm'], '--quality must be between 0 and 63, got 64'],
    [['--fps', '30fps'], '--fps must be a positive frame rate such as 30, 29.97 or 30000/1001 (at most 240), got "30fps"'],
    [['--fps', '1000'], '--fps must be a positive frame rate such as 30, 29.97 or 30000/1001 (at most 240), got "1000"'],
    [['--concurrency', '0'], '--concurrency must be at least 1, got 0'],
    [['--concurrency', 'two'], '--concurrency must be a whole number, got "two"'],
    [['--frame-count', '0'], '--frame-count must be at least 1, got 0'],
    [['--jpeg-quality', '101'], '--jpeg-quality must be between 1 and 100, got 101'],
    [['--chunks', '300'], '--chunks must be between 1 and 256, got 300'],
    [['--frame-timeout', 'soon'], '--frame-timeout must be a number, got "soon"'],
    [['--frames', '10', '--duration', '2'], 'pass either --frames or --duration, not both'],
  ])('render %j', async (flags, message) => {
    expect(await cliError(['render', page, '--browser', fakeBrowser, ...flags])).toBe(message);
    expect(existsSync(marker)).toBe(false);
  });

  test.each([
    [['probe', 'PAGE', '--height', '7'], '--height is 7, but H.264/VP9 with yuv420p need an even size: use 6 or 8'],
    [['check', 'PAGE', '--at', '30,x'], '--at takes frame numbers separated by commas, e.g. --at 30,150; "x" is not a whole number'],
    [['check', 'PAGE', '--seek', 'skip'], '--seek must be one of fast-forward, replay, jump, got "skip"'],
    [['plan', 'PAGE', '--max-chunks', '0'], '--max-chunks must be between 1 and 256, got 0'],
    [['plan', 'PAGE', '--video', 'v.mp4', '--transparent'], '--transparent: h264 in mp4 cannot carry an alpha channel. Use a .mov --video (ProRes 4444), a .webm --video (VP9 with alpha) or a PNG sequence (frames/%05d.png)'],
  ])('%j', async (args, message) => {
    expect(await cliError([...args.map((a) => (a === 'PAGE' ? page : a)), '--browser', fakeBrowser])).toBe(message);
    expect(existsSync(marker)).toBe(false);
  });

  // Outputs and props: each refused with what to do instead, and nothing written.
  test.each([
    [['--props', '{"title": '], '--props is not valid JSON (the inline value, line 1 column 10)'],
    [['--props', 'missing-props.json'], `--props ${path.join(process.cwd(), 'missing-props.json')} does not exist`],
    [['--props', '[1, 2]'], '--props must be a JSON object'],
    [['--codec', 'h266'], '--codec must be one of h264, h265, av1, vp9, prores, gif, png, got "h266"'],
    [['--codec', 'vp9', '-o', 'OUT.mp4'], '--codec vp9 cannot go into mp4, which takes h264 or h265 or av1: use .webm for vp9'],
    [['--transparent', '-o', 'OUT.mp4'], '--transparent: h264 in mp4 cannot carry an alpha channel. Use a .mov --output (ProRes 4444), a .webm --output (VP9 with alpha) or a PNG sequence (frames/%05d.png)'],
    [['--transparent', '-o', 'OUT.gif'], '--transparent: a GIF has no alpha channel'],
    [['-o', 'OUT.gif', '--width', '1920', '--height', '1080'], 'a 1920x1080 GIF is too large (at most 1280x720 pixels\' worth: every frame is stored nearly uncompressed): pass --scale 0.66 (1268x712) or less'],
    [['-o', 'OUT.gif', '--fps', '60'], 'a GIF at 60 fps would play slowly: browsers show frames shorter than 1/50 s for 1/10 s. Pass --every-nth-frame 2 (or a lower --fps)'],
    [['--quality', '20', '-o', 'OUT.mov'], '--quality does not apply to prores'],
    [['--every-nth-frame', '2', '-o', 'OUT.mp4'], '--every-nth-frame is for GIFs only, and the output is mp4'],
    [['-o', 'OUT.png'], 'is one image, but a render writes one PNG per frame'],
    [['--width', '255'], '--width is 255, but H.264/VP9 with yuv420p need an even size: use 254 or 256'],
    [['--height', '71'], '--height is 71'],
    [['--fps', 'abc'], '--fps must be a positive frame rate'],
    [['--fps', '0'], '--fps must be a positive frame rate'],
    [['--frames', '-3'], '--frames must be at least 1, got -3'],
    [['--frames', '2.5'], '--frames must be a whole number'],
    [['--duration', 'soon'], '--duration must be a number'],
    [['--preset', 'warp'], '--preset must be one of ultrafast'],
    [['--mode', 'pixels'], '--mode must be one of auto, dom, canvas'],
    [['--canvas-encoder', 'gpu'], '--canvas-encoder must be one of auto, webcodecs, jpeg'],
    [['--timeout', '-1'], '--timeout must be a number'],
    [['--muted', '--audio', 'tone.wav'], '--muted drops all sound, and --audio tone.wav adds some: pass one of them'],
    [['--scale', '9'], '--scale must be greater than 0 and at most 4, got 9'],
    [['-o', 'OUT.avi'], 'cannot tell the format from the output\'s extension .avi'],
  ])('render %j', async (flags, message) => {
    const out = path.join(dir, 'refused');
    expect(await cliError(['render', page, '--browser', fakeBrowser, ...flags.map((f) => f.replace('OUT', out))])).toContain(message);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('refused') || f.includes('.partial'))).toEqual([]);
  });

  test('control: with good flags the fake browser is started (so the marker can show a start)', async () => {
    const message = await cliError(['render', page, '--browser', fakeBrowser, '--width', '1280', '-o', path.join(dir, 'out.mp4')]);
    expect(message).not.toContain('--width');
    expect(existsSync(marker)).toBe(true);
  });
});

describe('--transparent with an output that cannot carry alpha', () => {
  const useInstead = 'Use a .mov --output (ProRes 4444), a .webm --output (VP9 with alpha) or a PNG sequence (frames/%05d.png)';
  test.each([
    ['alpha.mp4', [], `--transparent: h264 in mp4 cannot carry an alpha channel. ${useInstead}`],
    ['alpha.mp4', ['--codec', 'h265'], `--transparent: h265 in mp4 cannot carry an alpha channel. ${useInstead}`],
    ['alpha.mov', ['--codec', 'h264'], `--transparent: h264 in mov cannot carry an alpha channel. ${useInstead}`],
    ['alpha.gif', [], `--transparent: a GIF has no alpha channel (one transparent palette colour at most). ${useInstead}`],
    ['alpha.gif', ['--concurrency', '3'], `--transparent: a GIF has no alpha channel (one transparent palette colour at most). ${useInstead}`],
  ])('render -o %s %j is refused before a browser starts, leaving no file', async (name, flags, message) => {
    const outDir = path.join(dir, `alpha-${name}-${flags.join('')}`);
    expect(await cliError(['render', page, '--browser', fakeBrowser, '-o', path.join(outDir, name), '--transparent', ...flags])).toBe(message);
    expect(existsSync(marker)).toBe(false);
    // Not even the output's folder: nothing was prepared.
    expect(existsSync(outDir)).toBe(false);
  });
});

describe('commands are functions over typed options', () => {
  test('render flags arrive as numbers and enums', () => {
    const options = renderCommandOptionsFromFlags(page, { width: '640', height: '360', fps: '29.97', mode: 'canvas', quality: '20', concurrency: '3', retryDelay: '0.5' });
    expect(options).toMatchObject({ input: page, width: 640, height: 360, fps: { num: 30000, den: 1001 }, mode: 'canvas', quality: 20, concurrency: 3, retryDelay: 0.5 });
    // The CRF limit follows the format: 60 is fine for webm.
    expect(renderCommandOptionsFromFlags(page, { quality: '60', output: 'x.webm' }).quality).toBe(60);
  });

  test('render with typed options: the engine refuses an odd width itself, before a browser starts', async () => {
    const ctx = testContext();
    const error = await runRenderCommand({ input: page, width: 1281, browser: fakeBrowser }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('width');
    expect((error as InvalidOptionError).message).toBe('width is 1281, but H.264/VP9 with yuv420p need an even size: use 1280 or 1282');
    expect(existsSync(marker)).toBe(false);
  });

  test('a default concurrency is said once, with why, before anything renders', async () => {
    const lines: string[] = [];
    const ctx = { ...testContext(), logger: { debug: () => {}, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m) } };
    const concurrencyChoice = { workers: 1, limitedBy: 'cores' as const, reason: '2 cores, ~1.5 cores per worker' };
    await runRenderCommand({ input: page, width: 1281, browser: fakeBrowser, concurrency: 1, concurrencyChoice }, ctx).catch(() => undefined);
    expect(lines).toEqual(['concurrency 1 (2 cores, ~1.5 cores per worker; --concurrency to change)']);
    expect(existsSync(marker)).toBe(false);
  });

  test('jobs with typed options lists an empty folder', async () => {
    const ctx = testContext();
    await runJobsCommand({ jobsDir: path.join(dir, 'no-jobs') }, ctx);
    expect(ctx.out()).toBe(`no jobs in ${path.join(dir, 'no-jobs')}\n`);
  });

  test('without --concurrency, local renders take the machine\'s default: one worker on 2 cores, more where the cores are', () => {
    const GB = 1024 ** 3;
    const twoCores = renderCommandOptionsFromFlags(page, {}, {}, () => ({ cores: 2, freeMemoryBytes: 16 * GB }));
    expect(twoCores.concurrency).toBe(1);
    expect(twoCores.concurrencyChoice).toEqual({ workers: 1, limitedBy: 'cores', reason: '2 cores, ~1.5 cores per worker' });
    expect(renderCommandOptionsFromFlags(page, {}, {}, () => ({ cores: 8, freeMemoryBytes: 16 * GB })).concurrency).toBe(5);
    expect(renderCommandOptionsFromFlags(page, {}, {}, () => ({ cores: 8, freeMemoryBytes: 2 * GB })).concurrency).toBe(2);
    // Given, it is kept, and nothing is chosen; remote backends keep their own default.
    const given = renderCommandOptionsFromFlags(page, { concurrency: '1' }, {}, () => ({ cores: 8, freeMemoryBytes: 16 * GB }));
    expect(given.concurrency).toBe(1);
    expect(given.concurrencyChoice).toBeUndefined();
    const remote = renderCommandOptionsFromFlags(page, { backend: 'lambda', bucket: 'b-1', region: 'us-east-1' }, {}, () => ({ cores: 8, freeMemoryBytes: 16 * GB }));
    expect(remote.concurrency).toBe(10);
    expect(remote.concurrencyChoice).toBeUndefined();
  });

  test('render without input or --resume is refused', () => {
    expect(() => renderCommandOptionsFromFlags(undefined, {})).toThrow('missing <input>');
  });
});

test('an action names the option as its input', () => {
  const error = new InvalidOptionError('{frameTimeout} must be greater than 0, got -1', 'frameTimeout');
  expect(error.messageFor(inputName)).toBe('input frame-timeout must be greater than 0, got -1');
  expect(describeCliError(error)).toBe('--frame-timeout must be greater than 0, got -1');
});
