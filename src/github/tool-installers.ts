import { chmod, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Browser, detectBrowserPlatform, install } from '@puppeteer/browsers';
import * as toolCache from '@actions/tool-cache';
import { DependencyNotFoundError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { ToolInstallers } from './setup-tools.js';

/**
 * The chrome-headless-shell build render legs fetch when the runner has no headless shell:
 * one fixed build, so every leg of a job draws the same pixels (Chrome's stable channel
 * moves between runner images). It is the build puppeteer-core pins (its revisions.js; a unit
 * test keeps the two in step), so the protocol calls the renderer makes are known to work.
 */
export const PINNED_CHROME_HEADLESS_SHELL = '148.0.7778.97';

/** A static Linux x64 ffmpeg build (GPL, from johnvansickle.com, the usual source for CI). */
const FFMPEG_STATIC_URL = 'https://johnvansickle.com/ffmpeg/releases/ffmpeg-release-amd64-static.tar.xz';

/** The real downloads: chrome-headless-shell via @puppeteer/browsers, ffmpeg via @actions/tool-cache. */
export const runnerInstallers: ToolInstallers = {
  async installBrowser(cacheDir: string, logger: Logger) {
    const platform = detectBrowserPlatform();
    if (!platform) {
      throw new DependencyNotFoundError(`chrome-headless-shell has no build for this platform (${process.platform}/${process.arch})`, {
        tool: 'chrome-headless-shell',
        nextStep: 'install Chrome or Chromium in an earlier step and set the browser input',
      });
    }
    const buildId = PINNED_CHROME_HEADLESS_SHELL;
    logger.info(`installing chrome-headless-shell ${buildId} (pinned; ${platform}) into ${cacheDir}`);
    const installed = await install({ browser: Browser.CHROMEHEADLESSSHELL, buildId, cacheDir });
    return installed.executablePath;
  },
  async installFfmpeg(cacheDir: string, logger: Logger) {
    const cached = toolCache.find('helios-ffmpeg', 'release');
    if (cached) return path.join(cached, 'ffmpeg');
    logger.info(`downloading ffmpeg from ${FFMPEG_STATIC_URL}`);
    const archive = await toolCache.downloadTool(FFMPEG_STATIC_URL);
    const extracted = await toolCache.extractTar(archive, path.join(cacheDir, 'extract'), 'xJ');
    // The archive holds one folder, ffmpeg-<version>-amd64-static/, with ffmpeg and ffprobe.
    const [folder] = await readdir(extracted);
    const dir = await toolCache.cacheDir(path.join(extracted, folder), 'helios-ffmpeg', 'release');
    await chmod(path.join(dir, 'ffmpeg'), 0o755);
    return path.join(dir, 'ffmpeg');
  },
};
