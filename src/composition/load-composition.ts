import path from 'node:path';
import { findBrowser } from '../browser/find-browser.js';
import { launchBrowser, type LaunchedBrowser } from '../browser/launch-browser.js';
import { callPage } from '../browser/call-page.js';
import { loadUrl, openPage, withPageTimeout, type OpenedPage } from '../browser/open-page.js';
import { BrowserBuildMismatchError, CanvasNotFoundError, InvalidOptionError, PageScriptError, throwIfAborted } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { resolveMetadata, type CompositionMetadata, type MetadataOverrides, type PageMeta } from './metadata.js';
import { resolveInput, type CompositionSource } from './resolve-input.js';
import { startStaticServer, type StaticServer } from './static-server.js';

/** Fixed wall clock at t = 0 (2024-01-01T00:00:00Z), so every chunk of a render sees the same Date. */
const EPOCH_MS = Date.UTC(2024, 0, 1);
/** Seed of Math.random in every page. */
const RANDOM_SEED = 0x48454c49;

export interface LoadCompositionOptions {
  input: string;
  metadata: MetadataOverrides;
  mode: 'auto' | 'dom' | 'canvas';
  /** Device scale factor (--scale): the page renders at this devicePixelRatio, so DOM captures come back this many times larger. */
  scale: number;
  canvasSelector: string | undefined;
  browser: string | undefined;
  /** Refuse any browser build but this one (a job's chunks must all be drawn by one build). */
  browserBuild?: string;
  headless: boolean;
  timeoutMs: number;
  /** The per-frame limit (ms), which the browser's protocol timeout must exceed. */
  frameTimeoutMs: number;
  gl: 'swiftshader' | 'gpu';
  /** JSON data the page reads as `window.helios.props` (and its metadata function gets); undefined or null for none. */
  props?: unknown;
  /** Leave the page's background transparent where the page sets none (an output with alpha). */
  transparent: boolean;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  signal: AbortSignal | undefined;
}

/** A composition open in a browser, ready to be stepped to any frame. */
export interface LoadedComposition {
  source: CompositionSource;
  url: string;
  metadata: CompositionMetadata;
  mode: 'dom' | 'canvas';
  /** The canvas's pixel size in canvas mode. */
  canvas: { width: number; height: number } | null;
  browser: LaunchedBrowser;
  /** The browser tab the composition is open in: `tab.page` is puppeteer's Page, `tab.cdp` its protocol session. */
  tab: OpenedPage;
  /** Turns a URL the page loaded (a media src) into a local file path when it came from the built-in server. */
  toLocalSource(url: string): string;
  /** Closes the browser and the static server; safe to call twice. */
  close(): Promise<void>;
}

/** The props as the page gets them: JSON data (null for none). A value JSON cannot carry fails here, before the browser starts. */
function jsonProps(props: unknown): unknown {
  if (props === undefined || props === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(props);
  } catch (error) {
    throw new InvalidOptionError(`{props} must be JSON data: ${(error as Error).message}`, 'props');
  }
  if (text === undefined) throw new InvalidOptionError(`{props} must be JSON data, got a ${typeof props}`, 'props');
  return JSON.parse(text) as unknown;
}

/** Reads `window.helios`, running the page's metadata function (within the load's time limit). */
async function readPageMeta(tab: OpenedPage, timeoutMs: number): Promise<PageMeta> {
  const meta = await withPageTimeout(tab.page, callPage(tab.page, 'meta'), timeoutMs, 'window.helios.metadata(props) to settle');
  if (meta.metadataError !== null) {
    throw new PageScriptError(
      `the page's window.helios.metadata(props) ${meta.metadataError}\nFix the composition's metadata function: it gets window.helios.props and returns its fps, duration, frames, width or height.`,
      { pageMessage: meta.metadataError },
    );
  }
  return meta;
}

/** After a size override, a page whose one canvas no longer fills the viewport falls back to dom mode: say so. */
async function warnAboutLoneCanvas(tab: OpenedPage, metadata: CompositionMetadata, logger: Logger): Promise<void> {
  const info = await callPage(tab.page, 'canvasInfo', null);
  if (info?.count === 1) {
    logger.warn(
      `the page has one ${info.width}x${info.height} canvas but it does not fill the ${metadata.width}x${metadata.height} viewport: ` +
        'capturing the whole viewport (dom mode). Pass --mode canvas to capture the canvas alone, scaled to the output size.',
    );
  }
}

/**
 * Serves and opens the composition with its props, resolves its metadata (flags over
 * `window.helios.metadata(props)` over `window.helios` over defaults), sizes the viewport,
 * and picks the capture mode.
 */
export async function loadComposition(options: LoadCompositionOptions): Promise<LoadedComposition> {
  const source = await resolveInput(options.input);
  const props = jsonProps(options.props);
  const executable = findBrowser(options.browser, options.env);
  throwIfAborted(options.signal);
  let server: StaticServer | undefined;
  let browser: LaunchedBrowser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
  };
  const onAbort = () => void close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (source.kind === 'file') server = await startStaticServer(source.root);
    const url = source.kind === 'url' ? source.url : `${server!.origin}/${encodeURI(source.entry)}`;
    browser = await launchBrowser({
      executable, headless: options.headless, logger: options.logger, timeoutMs: options.timeoutMs, gl: options.gl, callTimeoutMs: options.frameTimeoutMs, scale: options.scale,
    });
    options.logger.debug(`browser: ${browser.version}; opening ${url}`);
    if (options.browserBuild !== undefined && browser.version !== options.browserBuild) throw new BrowserBuildMismatchError(options.browserBuild, browser.version);
    const first = resolveMetadata(options.metadata, null);
    const runtime = { fpsNum: first.fps.num, fpsDen: first.fps.den, epochMs: EPOCH_MS, seed: RANDOM_SEED, awaitVideoFrames: !browser.beginFrame, props };
    const tab = await openPage(browser, {
      url, width: first.width, height: first.height, scale: options.scale, runtime, transparent: options.transparent, timeoutMs: options.timeoutMs, logger: options.logger,
    });
    const metadata = resolveMetadata(options.metadata, await readPageMeta(tab, options.timeoutMs));
    if (metadata.width !== first.width || metadata.height !== first.height) {
      // The page sizes itself at load: reload at the declared size.
      await tab.page.setViewport({ width: metadata.width, height: metadata.height, deviceScaleFactor: options.scale });
      await loadUrl(tab.page, { url, timeoutMs: options.timeoutMs });
    }
    await callPage(tab.page, 'configure', metadata.fps.num, metadata.fps.den);
    const mode = options.mode === 'auto' ? await callPage(tab.page, 'detectMode') : options.mode;
    if (options.mode === 'auto' && mode === 'dom' && metadata.sources.size === 'flag') await warnAboutLoneCanvas(tab, metadata, options.logger);
    let canvas: LoadedComposition['canvas'] = null;
    if (mode === 'canvas') {
      canvas = await callPage(tab.page, 'canvasInfo', options.canvasSelector ?? null);
      if (!canvas) {
        throw new CanvasNotFoundError(
          options.canvasSelector
            ? `no <canvas> matches the selector "${options.canvasSelector}": check --canvas-selector, or use --mode dom`
            : 'canvas mode needs a <canvas> but the page has none: use --mode dom, or add a canvas',
        );
      }
    }
    throwIfAborted(options.signal);
    const origin = server?.origin;
    const toLocalSource = (mediaUrl: string) =>
      origin && source.kind === 'file' && mediaUrl.startsWith(`${origin}/`)
        ? path.join(source.root, decodeURIComponent(new URL(mediaUrl).pathname))
        : mediaUrl;
    return { source, url, metadata, mode, canvas, browser, tab, toLocalSource, close };
  } catch (error) {
    await close();
    throwIfAborted(options.signal);
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

