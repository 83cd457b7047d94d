import { rmSync } from 'node:fs';
import path from 'node:path';
import { CLOCKS, fixtureHtml, makeTempDir, writeCellsVideo, writeFixture, type Clock, type Surface } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

const FRAMES = 48;
const RANGE_START = 29;

export interface ClockCaseOptions {
  /** Browser binary (default: the headless shell, with beginFrame). */
  browser?: string;
  /** --canvas-encoder for canvas capture (default: auto, which is webcodecs on these browsers). */
  canvasEncoder?: 'webcodecs' | 'jpeg';
  /** The clocks to run (default: all). */
  clocks?: readonly Clock[];
}

/** The capture method the renderer reports for these options. */
function expectedMethod(surface: Surface, o: ClockCaseOptions): string {
  if (surface === 'canvas') return o.canvasEncoder === 'jpeg' ? 'canvas-jpeg' : 'webcodecs';
  return o.browser ? 'screenshot' : 'beginframe';
}

/**
 * For every clock: a full render and a render starting mid-video, captured from `surface`,
 * decode to frames whose painted numbers are exactly their own frame numbers.
 */
export function describeClocks(surface: Surface, o: ClockCaseOptions = {}): void {
  const browserArgs = [...(o.browser ? ['--browser', o.browser] : []), ...(o.canvasEncoder ? ['--canvas-encoder', o.canvasEncoder] : [])];
  const method = expectedMethod(surface, o);
  describe(`every clock, ${surface} capture via ${method}`, () => {
    let dir: string;
    beforeAll(async () => {
      dir = makeTempDir();
      await writeCellsVideo(dir, FRAMES);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    describe.each([...(o.clocks ?? CLOCKS)])('%s', (clock) => {
      let page: string;
      beforeAll(() => {
        page = writeFixture(dir, `${clock}-${surface}`, fixtureHtml(clock, surface, { frames: FRAMES }));
      });

      test('full render: frame i shows i', async () => {
        const out = path.join(dir, `${clock}-${surface}-full.mp4`);
        const r = await runCli(['render', page, '-o', out, '--mode', surface, ...browserArgs]);
        expect(r.stderr).toContain(`${surface} mode (${method})`);
        expectSuccess(r);
        expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
      });

      test(`range from frame ${RANGE_START}: frame i shows ${RANGE_START} + i`, async () => {
        const out = path.join(dir, `${clock}-${surface}-range.mp4`);
        const count = FRAMES - RANGE_START;
        const r = await runCli(['render', page, '-o', out, '--mode', surface, ...browserArgs, '--start-frame', String(RANGE_START), '--frame-count', String(count)]);
        expectSuccess(r);
        expect(await decodeFrameNumbers(out)).toEqual(range(RANGE_START, count));
      });
    });
  });
}
