import type { CDPSession, Page, Protocol } from 'puppeteer-core';
import { callPage } from './call-page.js';

/** Where a page that stopped answering is: its frame and, when its script is busy, the function and file:line. */
export interface HangReport {
  frame: number | undefined;
  busyIn: string | null;
}

export interface HangProbe {
  diagnose(): Promise<HangReport>;
}

function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  // A probe step that fails or times out gives no answer; the diagnosis reports what it found.
  return Promise.race([work.catch(() => undefined), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

/**
 * Keeps the debugger attached (nothing is paused or slowed by that alone) so that a page
 * stuck in its own script can still be asked where it is: V8 honours a pause request even
 * inside an endless loop, but only when the debugger was enabled before the loop began.
 * Pauses the renderer did not ask for (a `debugger;` statement in the page) are resumed.
 */
export async function attachHangProbe(page: Page, cdp: CDPSession): Promise<HangProbe> {
  let probing = false;
  // Call frames of inline scripts carry no URL of their own: the script's (the page's) is kept here.
  const scriptUrls = new Map<string, string>();
  cdp.on('Debugger.paused', () => {
    // Resuming a page that is no longer paused (or is gone) needs no report.
    if (!probing) void cdp.send('Debugger.resume').catch(() => undefined);
  });
  cdp.on('Debugger.scriptParsed', (e: Protocol.Debugger.ScriptParsedEvent) => {
    if (e.url) scriptUrls.set(e.scriptId, e.url);
  });
  await cdp.send('Debugger.enable');

  const describe = (top: Protocol.Debugger.CallFrame) => {
    const url = top.url || scriptUrls.get(top.location.scriptId) || '';
    const file = url ? url.replace(/[?#].*$/, '').replace(/^.*\//, '') : 'an inline script';
    return `${top.functionName || '(anonymous)'} (${file}:${top.location.lineNumber + 1})`;
  };

  return {
    async diagnose() {
      // An idle page (awaiting a promise that never settles) answers at once.
      const idle = await within(callPage(page, 'frame'), 1000);
      if (typeof idle === 'number') return { frame: idle, busyIn: null };
      probing = true;
      const paused = new Promise<Protocol.Debugger.PausedEvent>((resolve) => cdp.once('Debugger.paused', (e) => resolve(e)));
      await within(cdp.send('Debugger.pause'), 1000);
      const event = await within(paused, 2000);
      const top = event?.callFrames[0];
      if (!top) return { frame: undefined, busyIn: null };
      const value = await within(cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: top.callFrameId, expression: 'window.__helios.frame()', returnByValue: true }), 1000);
      const frame = value?.result?.value;
      return { frame: typeof frame === 'number' ? frame : undefined, busyIn: describe(top) };
    },
  };
}
