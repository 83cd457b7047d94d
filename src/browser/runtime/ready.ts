import { rewindMedia } from './media.js';
import type { PageTimers } from './timers.js';

/**
 * What the renderer waits for before frame 0: web fonts, images, the first frame of every
 * media element, then `window.helios.ready`. While the page's own ready is pending, its
 * timers run in real time with the clocks held at t = 0, so a page that polls or defers
 * (a ready resolved from a setTimeout, lottie-web's font checks and DOMLoaded) gets there;
 * animation frames do not run until frame 0.
 */
let waitingFor = 'the page to load';
let hasFrameCallbacks: () => boolean = () => false;

export function currentWait(): string {
  if (waitingFor === READY && hasFrameCallbacks()) {
    return `${READY} (the page also waits for requestAnimationFrame callbacks, which first run at frame 0, after ready: resolve ready without waiting for an animation frame)`;
  }
  return waitingFor;
}

const READY = 'window.helios.ready';

/** Names what the page is waiting for now, for a call other than waitReady (the metadata function). */
export function setWaitingFor(what: string): void {
  waitingFor = what;
}

async function waitForMediaData(): Promise<void> {
  for (const el of document.querySelectorAll<HTMLMediaElement>('video, audio')) {
    if (el.readyState >= 2) continue;
    const what = `${el.tagName.toLowerCase()} ${el.currentSrc || el.src}`;
    waitingFor = `${what} to load its first frame`;
    await new Promise<void>((resolve) => {
      const done = () => {
        el.removeEventListener('loadeddata', done);
        el.removeEventListener('error', done);
        resolve();
      };
      el.addEventListener('loadeddata', done);
      el.addEventListener('error', done);
      if (el.preload === 'none') el.load();
    });
    if (el.error) throw new Error(`${what} failed to load: ${el.error.message || `media error ${el.error.code}`}`);
  }
}

interface DeclaredReady {
  ready?: Promise<unknown> | (() => Promise<unknown>);
}

export async function waitReady(timers: PageTimers, awaitVideoFrames: boolean, hasAnimationFrames: () => boolean): Promise<void> {
  waitingFor = 'document.fonts (web fonts to load)';
  // A font that fails to load falls back, as in a browser tab; document.fonts.ready settles either way.
  for (const face of document.fonts) if (face.status === 'unloaded') face.load().catch(() => undefined);
  await document.fonts.ready;
  waitingFor = 'images to load';
  // A broken image draws nothing, as in a browser tab: the render goes on without it.
  await Promise.all([...document.images].map((img) => img.decode().catch(() => undefined)));
  await waitForMediaData();
  waitingFor = 'media to rewind to 0';
  await rewindMedia(awaitVideoFrames);
  const h = (window as unknown as { helios?: DeclaredReady }).helios;
  if (h && h.ready) {
    const ready = Promise.resolve(typeof h.ready === 'function' ? h.ready() : h.ready);
    waitingFor = READY;
    hasFrameCallbacks = hasAnimationFrames;
    await timers.runInRealTimeDuring(ready);
  }
  waitingFor = 'nothing';
}
