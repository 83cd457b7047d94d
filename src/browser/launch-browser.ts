import { availableParallelism } from 'node:os';
import puppeteer, { type Browser } from 'puppeteer-core';
import { DependencyNotFoundError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { BrowserExecutable } from './find-browser.js';

/** A running browser; `close()` is safe to call more than once. */
export interface LaunchedBrowser {
  browser: Browser;
  executable: BrowserExecutable;
  /** Pages are driven by HeadlessExperimental.beginFrame (headless shell only). */
  beginFrame: boolean;
  version: string;
  close(): Promise<void>;
}

/** Flags every launch needs: root in a container, no network chatter, stable pixels. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-default-apps',
  '--disable-breakpad',
  '--disable-crash-reporter',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--autoplay-policy=no-user-gesture-required',
  '--mute-audio',
  '--hide-scrollbars',
  '--force-color-profile=srgb',
  '--font-render-hinting=none',
];

/**
 * WebGL's backend. By default SwiftShader (Chromium's software GL, through ANGLE), chosen
 * explicitly rather than left to the machine: it works without a GPU, and every leg of a
 * matrix with the same browser build draws the same pixels, where GPU drivers differ in
 * rounding and precision. `gpu` leaves the choice to Chromium (the machine's GPU where
 * it has one: faster 3D, pixels that may differ between machines).
 */
function glArgs(gl: 'swiftshader' | 'gpu'): string[] {
  // Only WebGL goes to the GL backend: pages are composited and 2D canvases drawn in software
  // as before (SwiftShader compositing made the canvas example eight times slower here).
  return gl === 'swiftshader' ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-compositing'] : ['--ignore-gpu-blocklist'];
}

/** Flags that make the compositor produce a frame only when asked, and a complete one. */
const BEGIN_FRAME_ARGS = [
  '--enable-begin-frame-control',
  '--run-all-compositor-stages-before-draw',
  '--disable-threaded-animation',
  '--disable-threaded-scrolling',
  '--disable-checker-imaging',
  '--disable-new-content-rendering-timeout',
];

/**
 * Tiles are rastered on at least 2 threads. Chromium's default is half the cores (1 on a
 * 2-core runner), which leaves a frame's raster on one thread while the other core waits
 * for it; with 2 the capture loop measured about 6% faster on the DOM example (bench).
 */
function rasterThreadsArg(): string {
  return `--num-raster-threads=${Math.min(4, Math.max(2, Math.floor(availableParallelism() / 2)))}`;
}

/** How long a graceful close may take before the browser is killed. */
const CLOSE_GRACE_MS = 5000;

export interface LaunchBrowserOptions {
  executable: BrowserExecutable;
  headless: boolean;
  logger: Logger;
  /** ms to wait for the browser to start. */
  timeoutMs: number;
  /** WebGL backend (see glArgs). */
  gl: 'swiftshader' | 'gpu';
  /** ms the slowest single call into the page may take (the frame limit): the protocol's own timeout is set above it. */
  callTimeoutMs: number;
  /** Device pixels per CSS pixel (--scale); default 1. */
  scale?: number;
}

/**
 * A scale other than 1 has to be the browser's own device scale factor: emulating it
 * (Emulation.setDeviceMetricsOverride) sets devicePixelRatio, but beginFrame and
 * Page.captureScreenshot still return images at the viewport's CSS size (measured:
 * a 256x64 page at DPR 2 came back 256x64). With the flag the compositor draws at
 * device pixels and both return 512x128.
 */
function scaleArgs(scale: number | undefined): string[] {
  return scale === undefined || scale === 1 ? [] : [`--force-device-scale-factor=${scale}`];
}

/** Starts the browser with flags for deterministic capture. */
export async function launchBrowser(options: LaunchBrowserOptions): Promise<LaunchedBrowser> {
  const { executable, headless, logger } = options;
  const beginFrame = executable.headlessShell && headless;
  const args = [...BASE_ARGS, ...glArgs(options.gl), ...scaleArgs(options.scale), rasterThreadsArg(), ...(beginFrame ? BEGIN_FRAME_ARGS : [])];
  logger.debug(`launching ${executable.path} (${executable.source})${beginFrame ? ' with beginFrame control' : ''}`);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: executable.path,
      headless: executable.headlessShell ? 'shell' : headless,
      args,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      timeout: options.timeoutMs,
      // Above every limit of the renderer's own (page readiness, the frame limit), which say what to do.
      protocolTimeout: Math.max(options.timeoutMs, options.callTimeoutMs) + 60_000,
      defaultViewport: null,
      pipe: true,
    });
  } catch (error) {
    throw new DependencyNotFoundError(
      `could not start the browser ${executable.path} (${executable.source}): ${(error as Error).message.split('\n')[0]}. ` +
        'Check that it is a Chromium build, or point --browser / HELIOS_BROWSER to one.',
      { cause: error },
    );
  }
  const version = await browser.version();
  logger.debug(`browser pid ${browser.process()?.pid}: ${version}`);
  let closed: Promise<void> | undefined;
  return {
    browser,
    executable,
    beginFrame,
    version,
    close: () => {
      // A renderer stuck in the page's endless loop can hold a graceful close up: kill after a grace period.
      closed ??= Promise.race([browser.close().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), CLOSE_GRACE_MS).unref())])
        // A close that fails counts as not closed: the process is killed below.
        .catch(() => false)
        .then((ok) => {
          if (!ok) browser.process()?.kill('SIGKILL');
        });
      return closed;
    },
  };
}
