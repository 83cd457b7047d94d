import { rmSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/fixtures.js';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { writeLibraryPage } from '../helpers/library-fixtures.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';

/**
 * A three.js page with the default WebGLRenderer (no preserveDrawingBuffer: the browser may
 * clear the canvas once it has presented it) is captured frame-exact by every capture path,
 * on both browsers, with the software GL the renderer picks (SwiftShader).
 */
const FRAMES = 24;
let dir: string;
let page: string;

beforeAll(() => {
  dir = makeTempDir('helios-webgl-');
  page = writeLibraryPage(dir, 'three', 'three', { fps: '30', fpsValue: 30, frames: FRAMES });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.each([
  ['dom mode, beginFrame (headless shell)', ['--mode', 'dom'], 'dom mode (beginframe)'],
  ['canvas mode, JPEG (headless shell)', ['--mode', 'canvas', '--canvas-encoder', 'jpeg'], 'canvas mode (canvas-jpeg)'],
  ['dom mode, screenshots (chromium)', ['--mode', 'dom', '--browser', '/usr/bin/chromium'], 'dom mode (screenshot)'],
  ['canvas mode, JPEG (chromium)', ['--mode', 'canvas', '--canvas-encoder', 'jpeg', '--browser', '/usr/bin/chromium'], 'canvas mode (canvas-jpeg)'],
  ['canvas mode, WebCodecs (chromium)', ['--mode', 'canvas', '--canvas-encoder', 'webcodecs', '--browser', '/usr/bin/chromium'], 'canvas mode (webcodecs)'],
])('%s: every frame shows its own number', async (name, args, method) => {
  const out = path.join(dir, `${name.replace(/\W+/g, '-')}.mp4`);
  const r = await runCli(['render', page, '-o', out, ...args]);
  expectSuccess(r);
  expect(r.stderr).toContain(method);
  expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
});

test('WebGL runs on SwiftShader by default, whatever GPU the machine has', async () => {
  const probe = path.join(dir, 'renderer.html');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    probe,
    `<canvas></canvas><script>
const gl = document.querySelector('canvas').getContext('webgl');
const info = gl.getExtension('WEBGL_debug_renderer_info');
console.log('GL renderer: ' + gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
window.helios = { fps: 30, frames: 1, width: 64, height: 64 };
</script>`,
  );
  const r = await runCli(['-v', 'probe', probe]);
  expectSuccess(r);
  expect(r.stderr).toMatch(/GL renderer: .*SwiftShader/);
});
