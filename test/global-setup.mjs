// Builds the CLI from src/ into .helios/test-cli/ before the tests run: the tests' `helios`
// (test/helpers/run-cli.ts). The tests start the CLI hundreds of times, and every distributed
// render starts a worker per chunk. Through tsx's loader each start costs about 1.1 s (every
// .ts file transformed and resolved through hooks, every package file loaded one by one);
// this bundle about 0.45 s: one file for the start-up path, and the code behind dynamic
// imports (cloud SDKs, puppeteer's protocol modules) in chunks loaded when used, as the
// published bundle (ncc) does. It is built fresh from the working tree on every test run.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, '.helios/test-cli');

export default async function buildTestCli() {
  await rm(OUT, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(ROOT, 'src/cli/index.ts')],
    outdir: OUT,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class names are output: HeliosError subclasses name themselves, and workers send the name.
    keepNames: true,
    // CommonJS packages inside an ES module bundle still call require().
    banner: { js: "import { createRequire as __heliosRequire } from 'node:module'; const require = __heliosRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}
