#!/usr/bin/env node
// Bundles each entry point with ncc into dist/<name>/index.js (committed: the command and
// the actions run these bundles). `--check` rebuilds into a temp folder and fails if the
// committed dist/ differs from what the source builds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every bundle: dist/<name>/index.js from its entry. */
const ENTRIES = [
  { name: 'cli', entry: 'src/cli/index.ts' },
  { name: 'plan', entry: 'src/actions/plan/index.ts' },
  { name: 'render', entry: 'src/actions/render/index.ts' },
  { name: 'stitch', entry: 'src/actions/stitch/index.ts' },
  { name: 'pipeline', entry: 'src/actions/pipeline/index.ts' },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
const outRoot = check ? mkdtempSync(path.join(tmpdir(), 'helios-dist-')) : path.join(root, 'dist');
const ncc = path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

// The in-page runtime first: the bundles include it (src/browser/runtime-bundle.generated.ts).
execFileSync(process.execPath, [path.join(root, 'scripts/build-runtime.mjs'), ...(check ? ['--check'] : [])], { cwd: root, stdio: 'inherit' });

for (const { name, entry } of ENTRIES) {
  const out = path.join(outRoot, name);
  // Build beside the old bundle and swap, so a failed build never leaves dist/ half gone.
  const next = `${out}.next`;
  rmSync(next, { recursive: true, force: true });
  process.stderr.write(`bundling ${entry} -> ${path.relative(root, out) || out}/index.js\n`);
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', next, '--license', 'licenses.txt', '--quiet'], { cwd: root, stdio: 'inherit' });
  rmSync(out, { recursive: true, force: true });
  renameSync(next, out);
}

if (check) {
  const committed = path.join(root, 'dist');
  const differ = [];
  for (const { name } of ENTRIES) {
    const built = listFiles(path.join(outRoot, name));
    let have = [];
    try { have = listFiles(path.join(committed, name)); } catch {}
    for (const f of new Set([...built, ...have])) {
      const a = path.join(outRoot, name, f);
      const b = path.join(committed, name, f);
      let same = false;
      try { same = readFileSync(a).equals(readFileSync(b)); } catch {}
      if (!same) differ.push(path.join('dist', name, f));
    }
  }
  rmSync(outRoot, { recursive: true, force: true });
  if (differ.length) {
    process.stderr.write(`dist/ is out of date with the source: ${differ.join(', ')}\nRun \`npm run package\` and commit dist/.\n`);
    process.exit(1);
  }
  process.stderr.write('dist/ matches the source\n');
}
