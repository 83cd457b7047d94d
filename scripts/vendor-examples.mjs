#!/usr/bin/env node
// Copies the animation libraries the library examples load (examples/<name>/vendor/) from
// node_modules, with each package's licence. The built files are not committed: they are
// large, versioned by package-lock.json, and come from npm like any other dependency.
// Runs from `npm run examples` and from `prepare` (so `npm ci` leaves runnable examples).
// Idempotent: every run overwrites the same files.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * example folder → package, the files it needs (paths inside the package, copied flat into
 * vendor/) and its licence file (null: the package ships none, a note is written instead).
 */
const EXAMPLES = [
  { example: 'gsap', pkg: 'gsap', files: ['dist/gsap.min.js'], licence: null },
  { example: 'lottie', pkg: 'lottie-web', files: ['build/player/lottie.min.js'], licence: 'LICENSE.md' },
  // three.module.js imports './three.core.js', so both sit side by side.
  { example: 'three', pkg: 'three', files: ['build/three.module.js', 'build/three.core.js'], licence: 'LICENSE' },
  { example: 'anime', pkg: 'animejs', files: ['dist/bundles/anime.esm.min.js'], licence: 'LICENSE.md' },
];

function fail(message) {
  console.error(`vendor-examples: ${message}`);
  process.exit(1);
}

function packageDir(pkg) {
  const dir = path.join(ROOT, 'node_modules', pkg);
  if (!existsSync(path.join(dir, 'package.json'))) {
    fail(`node_modules/${pkg} is missing. It is a devDependency of this repository: run \`npm ci\` (without --omit=dev) first, then \`npm run examples\`.`);
  }
  return dir;
}

/** The note written for a package that ships no licence file: its declared licence, verbatim. */
function licenceNote(pkgJson) {
  return [
    `${pkgJson.name} ${pkgJson.version} ships no licence file.`,
    `Its package.json "license" field: ${JSON.stringify(pkgJson.license ?? 'not set')}`,
    pkgJson.homepage ? `Homepage: ${pkgJson.homepage}` : '',
    'The file in this folder is copied unmodified from the npm package, with its own licence header.',
    '',
  ].filter((line, i, all) => line !== '' || i === all.length - 1).join('\n');
}

// Every package is checked before anything is copied, so a failed run changes nothing.
const dirs = EXAMPLES.map(({ pkg }) => packageDir(pkg));
for (const [i, { example, pkg, files, licence }] of EXAMPLES.entries()) {
  const from = dirs[i];
  const pkgJson = JSON.parse(readFileSync(path.join(from, 'package.json'), 'utf8'));
  const to = path.join(ROOT, 'examples', example, 'vendor');
  mkdirSync(to, { recursive: true });
  for (const file of files) {
    const src = path.join(from, file);
    if (!existsSync(src)) fail(`${pkg} ${pkgJson.version} has no ${file}; the examples expect the layout of the version in package.json (reinstall with \`npm ci\`).`);
    copyFileSync(src, path.join(to, path.basename(file)));
  }
  if (licence) {
    const src = path.join(from, licence);
    if (!existsSync(src)) fail(`${pkg} ${pkgJson.version} has no ${licence}; check which licence file the package ships and update scripts/vendor-examples.mjs.`);
    copyFileSync(src, path.join(to, `LICENSE-${pkg}${path.extname(licence) || '.txt'}`));
  } else {
    writeFileSync(path.join(to, `LICENSE-${pkg}.txt`), licenceNote(pkgJson));
  }
  console.log(`examples/${example}/vendor: ${pkg} ${pkgJson.version} (${files.map((f) => path.basename(f)).join(', ')})`);
}
