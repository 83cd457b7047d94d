#!/usr/bin/env node
// Checks (and on Debian/Ubuntu as root, installs) the system programs Helios needs:
// a Chromium browser, ffmpeg + ffprobe, and for the test suite also both Debian browsers
// (chromium-headless-shell for beginFrame capture, chromium for screenshot capture) and
// the Noto Color Emoji font.
//
//   node scripts/setup-system.mjs            check; install what is missing (root + apt-get), else explain and exit 1
//   node scripts/setup-system.mjs --check    report only, never install
//   node scripts/setup-system.mjs --for render   only what `helios render` needs (any browser, ffmpeg, ffprobe)
//   node scripts/setup-system.mjs --for tests    everything the tests need (the default, except under `npm run demo` / `npm run bench`)
//
// Plain Node, no dependencies: it runs before `npm test`, `npm run demo` and `npm run bench`.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const PACKAGES = {
  headlessShell: 'chromium-headless-shell',
  chromium: 'chromium',
  ffmpeg: 'ffmpeg',
  emoji: 'fonts-noto-color-emoji',
};
const ALL_PACKAGES = [PACKAGES.headlessShell, PACKAGES.chromium, PACKAGES.ffmpeg, PACKAGES.emoji];
const BROWSER_NAMES = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const EMOJI_FONT_FILES = [
  '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
  '/usr/share/fonts/noto/NotoColorEmoji.ttf',
  '/usr/share/fonts/google-noto-emoji/NotoColorEmoji.ttf',
];

function usage() {
  return [
    'usage: node scripts/setup-system.mjs [--check] [--for render|tests]',
    '',
    '  --check          report what is missing; never install anything',
    '  --for render     check only what `helios render` needs: a Chromium browser, ffmpeg and ffprobe',
    '  --for tests      check everything the test suite needs (default): /usr/bin/chromium-headless-shell,',
    '                   /usr/bin/chromium, ffmpeg, ffprobe and the Noto Color Emoji font',
    '',
    'When something is missing and this runs as root on Debian/Ubuntu, it installs it with apt-get.',
  ].join('\n');
}

function parseArgs(argv) {
  const lifecycle = process.env.npm_lifecycle_event;
  const opts = { check: false, profile: lifecycle === 'demo' || lifecycle === 'bench' ? 'render' : 'tests' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--for' || a.startsWith('--for=')) {
      const v = a === '--for' ? argv[++i] : a.slice('--for='.length);
      if (v !== 'render' && v !== 'tests') fail(`--for must be "render" or "tests", not "${v ?? ''}"\n\n${usage()}`, 2);
      opts.profile = v;
    } else if (a === '-h' || a === '--help') {
      process.stdout.write(`${usage()}\n`);
      process.exit(0);
    } else fail(`unknown argument "${a}"\n\n${usage()}`, 2);
  }
  return opts;
}

function fail(message, code = 1) {
  process.stderr.write(`setup-system: ${message}\n`);
  process.exit(code);
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** A path or a name on PATH given in an environment variable; undefined when unusable. */
function fromEnv(value) {
  if (!value) return undefined;
  const resolved = value.includes('/') ? value : findOnPath(value);
  return resolved && isExecutable(resolved) ? resolved : undefined;
}

/** The browser `helios render` would use (same order as src/browser/find-browser.ts). */
function findBrowser(problems) {
  for (const name of ['HELIOS_BROWSER', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = process.env[name];
    if (!value) continue;
    const found = fromEnv(value);
    if (found) return found;
    problems.push(`${name} is set to "${value}", which is not an executable file (fix it or unset it)`);
    return undefined;
  }
  for (const name of BROWSER_NAMES) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return undefined;
}

/** The ffmpeg `helios render` would use (same order as src/encode/find-ffmpeg.ts). */
function findFfmpeg(problems) {
  const value = process.env.FFMPEG_PATH;
  if (value) {
    const found = fromEnv(value);
    if (found) return found;
    problems.push(`FFMPEG_PATH is set to "${value}", which is not an executable file (fix it or unset it)`);
    return undefined;
  }
  try {
    const p = createRequire(import.meta.url)('ffmpeg-static');
    if (typeof p === 'string' && isExecutable(p)) return p;
  } catch {
    // optional dependency not installed (or its download failed): fall through to PATH
  }
  return findOnPath('ffmpeg');
}

function findFfprobe(ffmpeg) {
  if (ffmpeg) {
    const sibling = ffmpeg.replace(/ffmpeg([^/]*)$/, 'ffprobe$1');
    if (sibling !== ffmpeg && isExecutable(sibling)) return sibling;
  }
  return findOnPath('ffprobe');
}

function hasEmojiFont() {
  if (EMOJI_FONT_FILES.some((f) => existsSync(f))) return true;
  const fc = findOnPath('fc-list');
  if (!fc) return false;
  const r = spawnSync(fc, [':family=Noto Color Emoji', 'family'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /Noto Color Emoji/i.test(r.stdout);
}

/** What is present and what is missing for the profile; each missing item names its Debian package. */
function inspect(profile) {
  const problems = [];
  const missing = [];
  const found = {};
  if (profile === 'tests') {
    for (const [key, file] of [['headlessShell', '/usr/bin/chromium-headless-shell'], ['chromium', '/usr/bin/chromium']]) {
      if (isExecutable(file)) found[key] = file;
      else missing.push({ what: `${file} (${key === 'headlessShell' ? 'beginFrame capture tests' : 'screenshot capture tests'})`, pkg: PACKAGES[key] });
    }
  }
  const browser = findBrowser(problems);
  if (browser) found.browser = browser;
  else if (profile === 'render') missing.push({ what: 'a Chromium browser (chromium-headless-shell, chromium or google-chrome)', pkg: PACKAGES.headlessShell, env: 'HELIOS_BROWSER' });
  const ffmpeg = findFfmpeg(problems);
  if (ffmpeg) found.ffmpeg = ffmpeg;
  else missing.push({ what: 'ffmpeg', pkg: PACKAGES.ffmpeg, env: 'FFMPEG_PATH' });
  const ffprobe = findFfprobe(ffmpeg);
  if (ffprobe) found.ffprobe = ffprobe;
  else missing.push({ what: 'ffprobe (ships with ffmpeg)', pkg: PACKAGES.ffmpeg, env: 'FFMPEG_PATH' });
  if (profile === 'tests') {
    if (hasEmojiFont()) found.emoji = true;
    else missing.push({ what: 'the Noto Color Emoji font (emoji tests)', pkg: PACKAGES.emoji });
  }
  return { missing, problems, found };
}

function osRelease() {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const get = (k) => (new RegExp(`^${k}=("?)(.*)\\1$`, 'm').exec(text)?.[2] ?? '').toLowerCase();
    return { id: get('ID'), like: get('ID_LIKE') };
  } catch {
    return { id: '', like: '' };
  }
}

/** Why apt-get cannot be used here, or null when it can. */
function whyNoApt() {
  const os = osRelease();
  const debianLike = /\b(debian|ubuntu)\b/.test(`${os.id} ${os.like}`) || existsSync('/etc/debian_version');
  if (!debianLike) return `this is not a Debian/Ubuntu system${os.id ? ` (${os.id})` : ''}`;
  if (!findOnPath('apt-get')) return 'apt-get is not on PATH';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'not running as root';
  return null;
}

function unique(list) {
  return [...new Set(list)];
}

function installCommand(packages) {
  return `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function explain(result, opts, note) {
  const lines = [];
  if (result.missing.length) {
    lines.push(`missing (needed for ${opts.profile === 'tests' ? 'the test suite' : '`helios render`'}):`);
    for (const m of result.missing) lines.push(`  - ${m.what}  [Debian package: ${m.pkg}]`);
  }
  if (result.problems.length) {
    lines.push('problems:');
    for (const p of result.problems) lines.push(`  - ${p}`);
  }
  if (note) lines.push(note);
  const packages = unique(result.missing.map((m) => m.pkg));
  if (packages.length) {
    lines.push('', 'On Debian 12 / Ubuntu, install them with:', `  ${installCommand(packages)}`);
    lines.push('(Ubuntu ships chromium only as a snap: there, install Google Chrome or chrome-headless-shell');
    lines.push(' (npx @puppeteer/browsers install chrome-headless-shell@stable) and point HELIOS_BROWSER to it.)');
  }
  if (result.missing.some((m) => m.env) || result.problems.length) {
    lines.push('', 'Or point Helios to binaries you already have:');
    lines.push('  export HELIOS_BROWSER=/path/to/chromium-or-chrome     (also read: PUPPETEER_EXECUTABLE_PATH)');
    lines.push('  export FFMPEG_PATH=/path/to/ffmpeg                    (ffprobe is looked for next to it, then on PATH)');
  }
  if (opts.profile === 'tests' && result.missing.some((m) => m.pkg === PACKAGES.headlessShell || m.pkg === PACKAGES.chromium || m.pkg === PACKAGES.emoji)) {
    lines.push('', 'The test suite uses /usr/bin/chromium-headless-shell and /usr/bin/chromium by path; `helios render`');
    lines.push('alone needs just one browser (check with: node scripts/setup-system.mjs --check --for render).');
  }
  return lines.join('\n');
}

/** Packages apt knows about (after apt-get update); the rest cannot be installed this way. */
function availablePackages(packages) {
  return packages.filter((pkg) => {
    const r = spawnSync('apt-cache', ['policy', pkg], { encoding: 'utf8', timeout: 30_000 });
    const candidate = /Candidate:\s*(\S+)/.exec(r.stdout ?? '')?.[1];
    return r.status === 0 && candidate && candidate !== '(none)';
  });
}

function run(cmd, args) {
  process.stderr.write(`setup-system: $ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) return `${cmd} could not start: ${r.error.message}`;
  return r.status === 0 ? null : `${cmd} ${args[0]} failed (exit ${r.status ?? r.signal})`;
}

function install(result) {
  const packages = unique(result.missing.map((m) => m.pkg));
  process.stderr.write('setup-system: installing system packages with apt-get:\n');
  for (const pkg of packages) {
    const why = result.missing.filter((m) => m.pkg === pkg).map((m) => m.what).join('; ');
    process.stderr.write(`  - ${pkg}: for ${why}\n`);
  }
  const updateError = run('apt-get', ['update']);
  if (updateError) return updateError;
  const available = availablePackages(packages);
  const unavailable = packages.filter((p) => !available.includes(p));
  if (unavailable.length) process.stderr.write(`setup-system: apt has no candidate for ${unavailable.join(', ')}; skipping ${unavailable.length === 1 ? 'it' : 'them'}\n`);
  if (available.length) {
    const installError = run('apt-get', ['install', '-y', '--no-install-recommends', ...available]);
    if (installError) return installError;
  }
  return null;
}

function summary(found) {
  const browsers = unique([found.headlessShell, found.chromium, found.browser].filter(Boolean));
  return [...browsers, found.ffmpeg, found.ffprobe, ...(found.emoji ? ['Noto Color Emoji'] : [])].join(', ');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  let result = inspect(opts.profile);
  const ok = (r) => r.missing.length === 0 && r.problems.length === 0;
  if (ok(result)) {
    process.stderr.write(`setup-system: ok: ${summary(result.found)}\n`);
    return 0;
  }
  if (opts.check) {
    process.stderr.write(`setup-system: ${explain(result, opts, null)}\n`);
    return 1;
  }
  // A broken HELIOS_BROWSER / FFMPEG_PATH is the user's to fix: installing packages would not help.
  const reason = result.problems.length ? 'an environment variable points to a missing program' : result.missing.length ? whyNoApt() : null;
  if (reason) {
    process.stderr.write(`setup-system: ${explain(result, opts, `not installing: ${reason}.`)}\n`);
    return 1;
  }
  const installError = install(result);
  result = inspect(opts.profile);
  if (ok(result)) {
    process.stderr.write(`setup-system: installed; ok: ${summary(result.found)}\n`);
    return 0;
  }
  process.stderr.write(`setup-system: ${explain(result, opts, `still missing after apt-get${installError ? ` (${installError})` : ''}.`)}\n`);
  return 1;
}

process.exitCode = main();
