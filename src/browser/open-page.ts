import type { CDPSession, Page } from 'puppeteer-core';
import { PageLoadError, PageScriptError, PageTimeoutError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { callPage } from './call-page.js';
import { attachHangProbe, type HangProbe } from './hang-probe.js';
import type { LaunchedBrowser } from './launch-browser.js';
import { pageRuntimeSource, type PageRuntimeConfig } from './page-runtime.js';

/** A loaded composition page with the runtime installed and ready for frame 0. */
export interface OpenedPage {
  page: Page;
  cdp: CDPSession;
  beginFrame: boolean;
  /** Asks a page that stopped answering where it is (the frame limit's error). */
  hangProbe: HangProbe;
}

export interface OpenPageOptions {
  url: string;
  width: number;
  height: number;
  /** Device scale factor (--scale): the page's devicePixelRatio, and device pixels per CSS pixel in every capture. */
  scale: number;
  runtime: PageRuntimeConfig;
  /** No default white behind the page: where the page paints nothing, frames are transparent. */
  transparent: boolean;
  timeoutMs: number;
  logger: Logger;
}

/** The error for a page whose own script threw: its message and stack, and what to do. */
export function pageScriptError(pageErrors: string, doing: string): PageScriptError {
  return new PageScriptError(`the page threw an error ${doing}:\n${pageErrors}\nFix the composition's script: the stack above points to the line.`);
}

/**
 * Runs one of the runtime's calls that return the page's errors (or null) and throws
 * them as a PageScriptError; failures of the call itself keep their own message.
 */
export async function evaluateChecked(call: () => Promise<string | null>, doing: string): Promise<void> {
  let pageErrors: unknown;
  try {
    pageErrors = await call();
  } catch (error) {
    throw new PageScriptError(`the page failed ${doing}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof pageErrors === 'string') throw pageScriptError(pageErrors, doing);
}

/** True when the page's target takes HeadlessExperimental.beginFrame (asked with a display-less frame, which changes nothing). */
async function hasBeginFrameControl(page: Page): Promise<boolean> {
  const cdp = await page.createCDPSession();
  try {
    // Earlier than any frame time the capture's ticker sends (they only ever increase).
    await cdp.send('HeadlessExperimental.beginFrame', { frameTimeTicks: 1000, interval: 1, noDisplayUpdates: true });
    return true;
  } catch {
    return false;
  } finally {
    // Best-effort cleanup: the session goes with the page anyway.
    await cdp.detach().catch(() => undefined);
  }
}

async function createTarget(launched: LaunchedBrowser): Promise<Page> {
  // The tab the browser opened at start saves starting another renderer (about 100 ms of the
  // load here). The headless shell opens it under --enable-begin-frame-control already.
  const [first] = await launched.browser.pages();
  if (first && first.url() === 'about:blank' && (!launched.beginFrame || (await hasBeginFrameControl(first)))) return first;
  if (!launched.beginFrame) return launched.browser.newPage();
  // beginFrame only works on a target created with enableBeginFrameControl.
  const session = await launched.browser.target().createCDPSession();
  const { targetId } = await session.send('Target.createTarget', { url: 'about:blank', enableBeginFrameControl: true });
  const target = await launched.browser.waitForTarget((t) => (t as unknown as { _targetId: string })._targetId === targetId);
  await session.detach();
  const page = await target.page();
  if (!page) throw new PageLoadError('the browser did not open a page for rendering');
  return page;
}

/** Races `work` against a timeout; on timeout asks the page what it was waiting for. */
export async function withPageTimeout<T>(page: Page, work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const waitingFor = await Promise.race([
        // Only names what the page waited for in the message; a page too busy to answer leaves it unnamed.
        callPage(page, 'waitingFor').catch(() => undefined),
        new Promise((r) => setTimeout(() => r(undefined), 2000).unref()),
      ]);
      reject(
        new PageTimeoutError(
          `the page was not ready after ${timeoutMs / 1000}s: still waiting for ${waitingFor ?? what}. ` +
            'Make sure it resolves, or raise --timeout.',
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the composition: installs the runtime before any page script, loads the URL,
 * and waits for fonts, images, media and `window.helios.ready`.
 */
export async function openPage(launched: LaunchedBrowser, options: OpenPageOptions): Promise<OpenedPage> {
  const page = await createTarget(launched);
  const cdp = await page.createCDPSession();
  const hangProbe = await attachHangProbe(page, cdp);
  page.on('console', (msg) => options.logger.debug(`[page ${msg.type()}] ${msg.text()}`));
  await page.setViewport({ width: options.width, height: options.height, deviceScaleFactor: options.scale });
  await page.evaluateOnNewDocument(pageRuntimeSource(options.runtime));
  // Chromium paints white behind a page that sets no background; an alpha-0 override (kept
  // while this session lives, across reloads) leaves those pixels transparent instead.
  if (options.transparent) await cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
  await loadUrl(page, options);
  return { page, cdp, beginFrame: launched.beginFrame, hangProbe };
}

/** (Re)loads the page's URL and waits until it is ready. */
export async function loadUrl(page: Page, options: Pick<OpenPageOptions, 'url' | 'timeoutMs'>): Promise<void> {
  let response;
  try {
    response = await page.goto(options.url, { waitUntil: 'load', timeout: options.timeoutMs });
  } catch (error) {
    const message = (error as Error).message;
    if (/timeout/i.test(message)) {
      throw new PageTimeoutError(`${options.url} did not finish loading (the load event) within ${options.timeoutMs / 1000}s: check the page's resources or raise --timeout`);
    }
    throw new PageLoadError(`could not load ${options.url}: ${message.split('\n')[0]}. Check the address and that the server is running.`);
  }
  if (response && response.status() >= 400) {
    throw new PageLoadError(`could not load ${options.url}: the server answered HTTP ${response.status()} ${response.statusText()}`);
  }
  const ready = evaluateChecked(() => callPage(page, 'waitReady'), 'while loading');
  await withPageTimeout(page, ready, options.timeoutMs, 'the page to become ready');
}
