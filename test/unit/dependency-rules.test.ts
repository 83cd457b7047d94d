import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The project's dependency rules (.dependency-cruiser.cjs), run by dependency-cruiser's own
 * CLI on small trees shaped like src/: a clean tree passes, and each kind of wrong import is
 * reported under its rule. The CLI (not the API) because dependency-cruiser is ESM-only and
 * the check takes one process either way.
 */

const root = path.resolve('.');
const config = path.join(root, '.dependency-cruiser.cjs');

/** dependency-cruiser's CLI script: the project's copy, else one on NODE_PATH. */
function findDepcruise(): string {
  const dirs = [path.join(root, 'node_modules'), ...(process.env.NODE_PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) {
    const bin = path.join(dir, 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    if (existsSync(bin)) return bin;
  }
  throw new Error('dependency-cruiser is not installed: run npm install (it is a devDependency)');
}

const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] });

/** Writes `files` (path under the tree → source) into a fresh tree and returns its folder. */
function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'helios-deps-'));
  writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

/** Runs the project's rules over the tree's src/ and returns the violations. */
async function cruise(files: Record<string, string>): Promise<Violation[]> {
  const dir = writeTree(files);
  try {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [findDepcruise(), 'src', '--config', config, '--output-type', 'json'], { cwd: dir }).catch(
      // Violations make the CLI exit non-zero; its JSON report is still on stdout.
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    return (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary.violations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tree whose imports all point down: cli → render → plan → shared. */
const CLEAN = {
  'src/shared/errors.ts': 'export class HeliosError extends Error {}\n',
  'src/plan/job-spec.ts': "import { HeliosError } from '../shared/errors.js';\nexport const fail = () => new HeliosError('x');\n",
  'src/render/render-video.ts': "import { fail } from '../plan/job-spec.js';\nexport const render = () => fail();\n",
  'src/cli/index.ts': "import { render } from '../render/render-video.js';\nrender();\n",
};

const rulesBroken = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);

/** The clean tree plus three wrong imports, each in files of its own. */
const BROKEN = {
  ...CLEAN,
  // The engine reading a flag from the CLI.
  'src/cli/flags.ts': 'export const verbose = false;\n',
  'src/render/log.ts': "import { verbose } from '../cli/flags.js';\nexport const log = (m: string) => verbose && m;\n",
  // Two plan modules whose types refer to each other, and a plan module reading files.
  'src/plan/a.ts': "import type { B } from './b.js';\nimport { readFileSync } from 'node:fs';\nexport interface A { b?: B }\nexport const read = readFileSync;\n",
  'src/plan/b.ts': "import type { A } from './a.js';\nexport interface B { a?: A }\n",
};

let clean: string[];
let broken: string[];
beforeAll(async () => {
  // One CLI run per tree, both at once: each takes a few seconds to load TypeScript.
  [clean, broken] = (await Promise.all([cruise(CLEAN), cruise(BROKEN)])).map(rulesBroken);
}, 60_000);

test('a tree whose imports point downward passes', () => {
  expect(clean).toEqual([]);
});

test('an engine module importing from src/cli breaks the layer rule', () => {
  expect(broken.filter((v) => v.startsWith('layer-'))).toEqual(['layer-engine-up: src/render/log.ts -> src/cli/flags.ts']);
});

test('a cycle made only of type imports is reported, as are Node built-ins in src/plan', () => {
  expect(broken).toContain('plan-no-node: src/plan/a.ts -> fs');
  expect(broken.filter((v) => v.startsWith('no-circular:')).length).toBeGreaterThan(0);
});
