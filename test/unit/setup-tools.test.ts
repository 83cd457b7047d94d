import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RUNNER_BROWSER, setupBrowser, setupFfmpeg, type ToolInstallers } from '../../src/github/setup-tools.js';
import { PINNED_CHROME_HEADLESS_SHELL } from '../../src/github/tool-installers.js';
import { silentLogger } from '../../src/shared/logger.js';

const dir = mkdtempSync(path.join(tmpdir(), 'helios-tools-'));
function fakeBinary(name: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

/** Installers that only record what they were asked (no network in tests). */
function recordingInstallers(): ToolInstallers & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async installBrowser(cacheDir) {
      calls.push(`browser:${cacheDir}`);
      return fakeBinary('cache/chrome-headless-shell-linux64/chrome-headless-shell');
    },
    async installFfmpeg(cacheDir) {
      calls.push(`ffmpeg:${cacheDir}`);
      return fakeBinary('cache/ffmpeg/ffmpeg');
    },
  };
}

const runner = { GITHUB_ACTIONS: 'true', RUNNER_TOOL_CACHE: path.join(dir, 'toolcache'), PATH: path.join(dir, 'empty-path') };

test('the input wins over the environment and PATH', async () => {
  const input = fakeBinary('input/chromium');
  const env = { ...runner, HELIOS_BROWSER: fakeBinary('env/chromium') };
  const installers = recordingInstallers();
  expect((await setupBrowser({ browser: input, env, logger: silentLogger, installers })).path).toBe(input);
  expect((await setupBrowser({ env, logger: silentLogger, installers })).source).toBe('HELIOS_BROWSER');
  expect(installers.calls).toEqual([]);
});

test('an installed browser on PATH is used before fetching one', async () => {
  const onPath = fakeBinary('bin/chromium-headless-shell');
  const installers = recordingInstallers();
  const found = await setupBrowser({ env: { ...runner, PATH: path.dirname(onPath) }, logger: silentLogger, installers });
  expect(found).toMatchObject({ path: onPath, headlessShell: true, source: 'PATH' });
  expect(installers.calls).toEqual([]);
});

test('on a runner with nothing installed, chrome-headless-shell and ffmpeg are fetched into the tool cache (and the log says so)', async () => {
  const installers = recordingInstallers();
  const lines: string[] = [];
  const logger = { ...silentLogger, info: (m: string) => lines.push(m) };
  const browser = await setupBrowser({ env: runner, logger, installers });
  const ffmpeg = await setupFfmpeg({ env: runner, logger, installers });
  expect(browser.headlessShell).toBe(true);
  expect(ffmpeg.path).toMatch(/cache\/ffmpeg\/ffmpeg$/);
  expect(installers.calls).toEqual([`browser:${path.join(runner.RUNNER_TOOL_CACHE, 'helios-chrome-headless-shell')}`, `ffmpeg:${path.join(runner.RUNNER_TOOL_CACHE, 'helios-ffmpeg')}`]);
  expect(lines.join('\n')).toContain('no browser found on this runner: fetching one into the tool cache');
});

test('off a runner, or when an input points nowhere, nothing is fetched and the error names what to set', async () => {
  const installers = recordingInstallers();
  await expect(setupBrowser({ env: { PATH: runner.PATH }, logger: silentLogger, installers })).rejects.toThrow(/pass --browser <path> or set HELIOS_BROWSER/);
  await expect(setupFfmpeg({ ffmpeg: '/nope/ffmpeg', env: runner, logger: silentLogger, installers })).rejects.toThrow(/--ffmpeg points to "\/nope\/ffmpeg"/);
  expect(installers.calls).toEqual([]);
});

test("the runner image's own Chrome is not used by default: the pinned headless shell is fetched instead", async () => {
  const chrome = fakeBinary('image-bin/google-chrome');
  const installers = recordingInstallers();
  const env = { ...runner, PATH: path.dirname(chrome) };
  const found = await setupBrowser({ env, logger: silentLogger, installers });
  expect(found.headlessShell).toBe(true);
  expect(found.path).not.toBe(chrome);
  expect(installers.calls).toEqual([`browser:${path.join(runner.RUNNER_TOOL_CACHE, 'helios-chrome-headless-shell')}`]);
});

test('browser: runner opts into the runner\'s own Chrome from PATH, with no download', async () => {
  const chrome = fakeBinary('image-bin-2/google-chrome');
  const installers = recordingInstallers();
  const found = await setupBrowser({ browser: RUNNER_BROWSER, env: { ...runner, PATH: path.dirname(chrome) }, logger: silentLogger, installers });
  expect(found).toMatchObject({ path: chrome, headlessShell: false, source: 'PATH' });
  expect(installers.calls).toEqual([]);
});

test('the pinned chrome-headless-shell is the build puppeteer-core pins (upgrading one means upgrading the other)', () => {
  const revisions = readFileSync(path.join(process.cwd(), 'node_modules/puppeteer-core/lib/esm/puppeteer/revisions.js'), 'utf8');
  expect(/'chrome-headless-shell': '([\d.]+)'/.exec(revisions)?.[1]).toBe(PINNED_CHROME_HEADLESS_SHELL);
});
