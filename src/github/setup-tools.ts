import path from 'node:path';
import { findBrowser, type BrowserExecutable } from '../browser/find-browser.js';
import { findFfmpeg, type FfmpegExecutable } from '../encode/find-ffmpeg.js';
import { DependencyNotFoundError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** Downloads that put a browser or ffmpeg into the runner's tool cache (injected, so tests need no network). */
export interface ToolInstallers {
  /** Installs the pinned chrome-headless-shell (PINNED_CHROME_HEADLESS_SHELL) under `cacheDir`; returns its executable. */
  installBrowser(cacheDir: string, logger: Logger): Promise<string>;
  /** Installs a static ffmpeg under `cacheDir`; returns its executable. */
  installFfmpeg(cacheDir: string, logger: Logger): Promise<string>;
}

/** The `browser` input's keyword for the runner's own Chrome or Chromium (PATH), instead of the pinned headless shell. */
export const RUNNER_BROWSER = 'runner';

export interface SetupToolsOptions {
  /** The action's `browser` input (a path, or RUNNER_BROWSER) and `ffmpeg` input. */
  browser?: string;
  ffmpeg?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  installers: ToolInstallers;
}

/** True on a GitHub-hosted or self-hosted runner (it has a tool cache). */
function onRunner(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.GITHUB_ACTIONS && env.RUNNER_TOOL_CACHE);
}

/**
 * The browser for an Actions step: the input first, then the environment (HELIOS_BROWSER,
 * PUPPETEER_EXECUTABLE_PATH), then a headless shell on PATH; where none is found on a runner,
 * the pinned chrome-headless-shell is fetched into the runner's tool cache and the log says
 * so. The runner image's own Chrome (no beginFrame, and a build that changes between images,
 * so legs could draw differently) only with `browser: runner`.
 */
export function setupBrowser(o: SetupToolsOptions): Promise<BrowserExecutable> {
  const runner = o.browser === RUNNER_BROWSER;
  return resolveOrInstall(
    () => findBrowser(runner ? undefined : o.browser, o.env, { headlessShellOnly: !runner }),
    async (cache) => findBrowser(await o.installers.installBrowser(path.join(cache, 'helios-chrome-headless-shell'), o.logger), {}),
    'browser',
    o,
  );
}

/** ffmpeg for an Actions step, found or fetched in the same order as the browser. */
export function setupFfmpeg(o: SetupToolsOptions): Promise<FfmpegExecutable> {
  return resolveOrInstall(
    () => findFfmpeg(o.ffmpeg, o.env),
    async (cache) => findFfmpeg(await o.installers.installFfmpeg(path.join(cache, 'helios-ffmpeg'), o.logger), {}),
    'ffmpeg',
    o,
  );
}

/** Both tools, for steps that render. */
export async function setupTools(o: SetupToolsOptions): Promise<{ browser: BrowserExecutable; ffmpeg: FfmpegExecutable }> {
  return { browser: await setupBrowser(o), ffmpeg: await setupFfmpeg(o) };
}

async function resolveOrInstall<T>(find: () => T, install: (cacheDir: string) => Promise<T>, what: string, o: SetupToolsOptions): Promise<T> {
  try {
    return find();
  } catch (error) {
    // An input or variable that points nowhere is the user's to fix, not a reason to download.
    const explicit = what === 'browser' ? (o.browser !== RUNNER_BROWSER && o.browser) || o.env.HELIOS_BROWSER || o.env.PUPPETEER_EXECUTABLE_PATH : o.ffmpeg || o.env.FFMPEG_PATH;
    if (explicit || !(error instanceof DependencyNotFoundError) || !onRunner(o.env)) throw error;
    o.logger.info(`no ${what} found on this runner: fetching one into the tool cache (${o.env.RUNNER_TOOL_CACHE})`);
    try {
      return await install(o.env.RUNNER_TOOL_CACHE!);
    } catch (installError) {
      throw new DependencyNotFoundError(`could not fetch ${what} into the tool cache: ${(installError as Error).message}`, {
        cause: installError,
        tool: what,
        nextStep: `install it in an earlier step, or set the ${what} input`,
      });
    }
  }
}
