import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { probeComposition } from '../../src/render/probe-composition.js';
import { renderVideo } from '../../src/render/render-video.js';
import { InvalidOptionError, PageScriptError, PageTimeoutError } from '../../src/shared/errors.js';
import { makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { CELL, CELLS, decodeFrameNumbers, FIXTURE_HEIGHT, FIXTURE_WIDTH, range } from '../helpers/frames.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

let dir: string;
beforeAll(() => {
  dir = makeTempDir('helios-props-');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 256x64 canvas page with `paint(n)` (n as cells); `head` runs before anything else in the page, `script` after paint is defined. */
function cellsPage(name: string, head: string, script: string): string {
  return writeFixture(
    dir,
    name,
    `<!doctype html><html><head><script>${head}</script><style>html, body { margin: 0; background: #000; overflow: hidden; } canvas { display: block; }</style></head>
<body><canvas width="${FIXTURE_WIDTH}" height="${FIXTURE_HEIGHT}"></canvas><script>
const ctx = document.querySelector('canvas').getContext('2d');
function paint(n) {
  ctx.fillStyle = '#000'; ctx.fillRect(0, 0, ${FIXTURE_WIDTH}, ${FIXTURE_HEIGHT});
  for (let k = 0; k < ${CELLS}; k++) { ctx.fillStyle = (n >> k) & 1 ? '#fff' : '#000'; ctx.fillRect(k * ${CELL}, 0, ${CELL}, ${CELL}); }
}
${script}
</script></body></html>`,
  );
}

const base = { env: process.env, mode: 'canvas' as const, canvasEncoder: 'jpeg' as const, timeout: 10 };

async function render(page: string, props: unknown): Promise<number[]> {
  const output = path.join(dir, `${path.basename(page, '.html')}.mp4`);
  const result = await renderVideo({ ...base, input: page, output, props });
  expect(result.output).toBe(output);
  return decodeFrameNumbers(output);
}

async function probeError(page: string, props: unknown, timeout = 10): Promise<Error> {
  return probeComposition({ ...base, input: page, props, timeout }).then(
    () => new Error('the probe succeeded'),
    (e: Error) => e,
  );
}

test('the first inline script reads window.helios.props; a top-level var helios = {...} gets them too, deep-frozen', async () => {
  // 128 is painted when, after the page's own assignment, helios.props are still the props, frozen all the way down.
  const page = cellsPage(
    'offset',
    'const OFFSET = window.helios.props.offset;',
    `var helios = { fps: 30, frames: 4, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT},
      seek: (f) => paint(f + OFFSET + (helios.props.offset === OFFSET && Object.isFrozen(helios.props) && Object.isFrozen(helios.props.nested.list) ? 128 : 0)) };`,
  );
  expect(await render(page, { offset: 7, nested: { list: [1, 2] } })).toEqual(range(128 + 7, 4));
});

test('window.helios.metadata(props) sets the length (and size) before planning, sync or async', async () => {
  const sync = cellsPage(
    'metadata-sync',
    '',
    `window.helios = { fps: 30, frames: 100, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT}, metadata: (props) => ({ frames: props.items.length * 3 }), seek: (f) => paint(f) };`,
  );
  expect(await render(sync, { items: ['a', 'b', 'c'] })).toEqual(range(0, 9));
  // The size comes from the function too (the page reloads at it); its timers run while it is pending.
  const asyncPage = cellsPage(
    'metadata-async',
    '',
    `window.helios = { fps: 30, seek: (f) => paint(f + 50),
      metadata: async (props) => { await new Promise((r) => setTimeout(r, 20)); return { frames: props.items.length * 3, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT} }; } };`,
  );
  expect(await render(asyncPage, { items: [1, 2] })).toEqual(range(50, 6));
  const probe = await probeComposition({ ...base, input: asyncPage, props: { items: [1, 2, 3, 4, 5] } });
  expect(probe).toMatchObject({ frames: 15, width: FIXTURE_WIDTH, height: FIXTURE_HEIGHT, sources: { duration: 'page', size: 'page' } });
});

test('a metadata function that throws, rejects or returns no object fails the load with the page\'s message', async () => {
  const page = (name: string, metadata: string) => cellsPage(name, '', `window.helios = { fps: 30, metadata: ${metadata} };`);
  const threw = await probeError(page('meta-throws', '(props) => { if (!props.items.length) throw new Error("props.items is empty"); }'), { items: [] });
  expect(threw).toBeInstanceOf(PageScriptError);
  expect(threw.message).toMatch(/^the page's window\.helios\.metadata\(props\) threw: Error: props\.items is empty\n\s+at Object\.metadata \(\S+\/meta-throws\.html:\d+:\d+\)\nFix the composition's metadata function/);
  expect((threw as PageScriptError).pageMessage).toContain('props.items is empty');
  // Without props the page gets null.
  const noProps = await probeError(page('meta-null', '(props) => ({ frames: props.items.length })'), undefined);
  expect(noProps.message).toContain("threw: TypeError: Cannot read properties of null (reading 'items')");
  const rejected = await probeError(page('meta-rejects', 'async () => { throw new RangeError("bad range"); }'), { a: 1 });
  expect(rejected).toBeInstanceOf(PageScriptError);
  expect(rejected.message).toContain('threw: RangeError: bad range');
  const number = await probeError(page('meta-number', '() => 42'), {});
  expect(number.message).toContain("window.helios.metadata(props) returned number 42: it must return an object (or a Promise of one) with any of fps, duration, frames, width, height");
  const typo = await probeError(page('meta-typo', '() => ({ frame: 3 })'), {});
  expect(typo.message).toContain('returned "frame", which it may not: it may return fps, duration, frames, width, height');
  const badValue = await probeError(page('meta-nan', '() => ({ frames: NaN })'), {});
  expect(badValue).toBeInstanceOf(InvalidOptionError);
  expect(badValue.message).toBe('window.helios.metadata(props).frames must be a whole number, got "NaN"');
});

test('a metadata function that never settles fails within the load timeout, naming it', async () => {
  const page = cellsPage('meta-hangs', '', 'window.helios = { fps: 30, metadata: () => new Promise(() => {}) };');
  const error = await probeError(page, {}, 2);
  expect(error).toBeInstanceOf(PageTimeoutError);
  expect(error.message).toContain('still waiting for window.helios.metadata(props)');
});

test('--props reaches every worker of a split render, and plan writes them into the job spec', async () => {
  const page = cellsPage(
    'split',
    '',
    `window.helios = { fps: 30, width: ${FIXTURE_WIDTH}, height: ${FIXTURE_HEIGHT}, metadata: (props) => ({ frames: props.items.length * 12 }),
      seek: (f) => paint(f + window.helios.props.offset) };`,
  );
  const propsFile = path.join(dir, 'split-props.json');
  writeFileSync(propsFile, JSON.stringify({ offset: 3, items: ['a', 'b', 'c'] }));
  const single = path.join(dir, 'props-single.mp4');
  const split = path.join(dir, 'props-split.mp4');
  expectSuccess(await runCli(['render', page, '-o', single, '--props', propsFile]));
  const r = await runCli(['render', page, '-o', split, '--props', '{"offset": 3, "items": ["a", "b", "c"]}', '--concurrency', '3', '--min-frames-per-chunk', '6', '--jobs-dir', path.join(dir, 'jobs')]);
  expectSuccess(r);
  expect(r.stderr).toMatch(/rendered 36 frames in .* with 3 chunks/);
  expect(await decodeFrameNumbers(single)).toEqual(range(3, 36));
  expect(await decodeFrameNumbers(split)).toEqual(range(3, 36));
  const spec = path.join(dir, 'props-job.json');
  expectSuccess(await runCli(['plan', page, '-o', spec, '--props', propsFile, '--chunks', '2', '--min-frames-per-chunk', '6']));
  const written = JSON.parse(readFileSync(spec, 'utf8')) as { props: unknown; render: { totalFrames: number } };
  expect(written.props).toEqual({ offset: 3, items: ['a', 'b', 'c'] });
  expect(written.render.totalFrames).toBe(36);
});
