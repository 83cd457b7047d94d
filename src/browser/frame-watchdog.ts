import type { CDPSession, Page, Protocol } from 'puppeteer-core';
import { FrameTimeoutError } from '../shared/errors.js';
import { callPage } from './call-page.js';

/** Seconds a frame may take before the render fails (--frame-timeout). */
export const DEFAULT_FRAME_TIMEOUT_SECONDS = 30;

type PausedEvent = Protocol.Debugger.PausedEvent;

/**
 * Keeps the debugger attached (nothing is paused or slowed by that alone) so that a page
 * stuck in its own script can still be asked where it is: V8 honours a pause request even
 * inside an endless loop, but only when the debugger was enabled before the loop began.
 * Pauses the renderer did not ask for (a `debugger;` statement in the page) are resumed.
 */
export async function attachHangProbe(cdp: CDPSession): Promise<void> {
  cdp.on('Debugger.paused', () => {
    if (!probing) void cdp.send('Debugger.resume').catch(() => undefined);
  });
  // Call frames of inline scripts carry no URL of their own: the script's (the page's) is kept here.
  cdp.on('Debugger.scriptParsed', (e: Protocol.Debugger.ScriptParsedEvent) => {
    if (e.url) scriptUrls.set(e.scriptId, e.url);
  });
  await cdp.send('Debugger.enable');
}

let probing = false;
const scriptUrls = new Map<string, string>();

/** `name (file:line)` of a call frame. */
function describeCallFrame(top: Protocol.Debugger.CallFrame): string {
  const url = top.url || scriptUrls.get(top.location.scriptId) || '';
  const file = url ? url.replace(/[?#].*$/, '').replace(/^.*\//, '') : 'an inline script';
  return `${top.functionName || '(anonymous)'} (${file}:${top.location.lineNumber + 1})`;
}

function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([work.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

/** The page's current frame and, when its script is busy, where: asked without waiting for the page's main thread. */
async function diagnose(page: Page, cdp: CDPSession): Promise<{ frame: number | undefined; busyIn: string | null }> {
  // An idle page (awaiting a promise that never settles) answers at once.
  const idle = await within(callPage(page, 'frame'), 1000);
  if (typeof idle === 'number') return { frame: idle, busyIn: null };
  probing = true;
  const paused = new Promise<PausedEvent>((resolve) => cdp.once('Debugger.paused', (e) => resolve(e)));
  await within(cdp.send('Debugger.pause'), 1000);
  const event = await within(paused, 2000);
  if (!event) return { frame: undefined, busyIn: null };
  const top = event.callFrames[0];
  const where = top ? describeCallFrame(top) : null;
  const value = top && (await within(cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression: 'window.__helios.frame()', returnByValue: true }), 1000));
  const frame = (value as { result?: { value?: unknown } } | undefined)?.result?.value;
  return { frame: typeof frame === 'number' ? frame : undefined, busyIn: where };
}

/**
 * Races a frame's work (seek, capture, a range of frames) against the per-frame limit.
 * On timeout it finds the frame and where the page's script was, and throws a
 * FrameTimeoutError; the caller closes the browser.
 */
export function createFrameWatchdog(page: Page, cdp: CDPSession, timeoutMs: number) {
  return async function watch<T>(work: Promise<T>, frame: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), timeoutMs);
    });
    try {
      const first = await Promise.race([work, expired]);
      if (first !== 'expired') return first as T;
    } finally {
      clearTimeout(timer);
    }
    work.catch(() => undefined);
    const found = await diagnose(page, cdp);
    const at = found.frame !== undefined && found.frame >= 0 ? found.frame : frame;
    const seconds = timeoutMs / 1000;
    const why = found.busyIn
      ? `the page's script was still running in ${found.busyIn} (an endless loop?)`
      : 'the page was waiting for something that never happened (a seek hook or a promise it awaits that never settles?)';
    throw new FrameTimeoutError(
      `frame ${at} did not finish within ${seconds}s: ${why}. Fix the page, or if a frame really needs longer, raise --frame-timeout (now ${seconds}).`,
      at,
      found.busyIn,
    );
  };
}

export type FrameWatchdog = ReturnType<typeof createFrameWatchdog>;
