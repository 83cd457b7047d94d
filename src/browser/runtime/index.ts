/**
 * The runtime the renderer installs in every page before the page's own scripts run
 * (bundled into one script by scripts/build-runtime.mjs). It takes over the page's clocks
 * so that frame N shows t = N / fps whichever clock the page reads, and exposes
 * `window.__helios` (HeliosPageApi, api.ts) for the renderer to drive.
 */
import type { HeliosPageApi, PageRuntimeConfig } from './api.js';
import { registerAnimations } from './animations.js';
import { hasAnimationFrames, installAnimationFrames } from './animation-frames.js';
import { captureSource, detectMode, findCanvas, setCanvasSnapshots, watchWebglCanvases } from './canvas.js';
import { createClock, installClockOverrides } from './clock.js';
import { installHeliosGlobal } from './declared.js';
import { closeEncoder, encodeHeld, finishEncoder, queueImage, seekRange, startEncoder, takeEncoded } from './encoder.js';
import { installMedia, mediaTimeline, setFrameTimes, videoSources } from './media.js';
import { describeError, listenForPageErrors, pushPageError, takePageErrors } from './page-errors.js';
import { currentWait, waitReady } from './ready.js';
import { createSeededRandom } from './seeded-random.js';
import { createSeekAhead } from './seek-ahead.js';
import { createStepper } from './stepper.js';
import { installTimers } from './timers.js';

export function install(cfg: PageRuntimeConfig): void {
  const w = window as unknown as { __helios?: HeliosPageApi };
  if (w.__helios) return;
  listenForPageErrors();
  const declared = installHeliosGlobal(cfg.props);
  Math.random = createSeededRandom(cfg.seed);
  const clock = createClock(cfg.fpsNum, cfg.fpsDen);
  installClockOverrides(clock, cfg.epochMs);
  const timers = installTimers(clock, () => registerAnimations(clock.now));
  installAnimationFrames();
  installMedia(clock);
  watchWebglCanvases();
  const stepper = createStepper(clock, timers);
  const ahead = createSeekAhead(stepper.seekNow);
  /** Frames holdFrames keeps for encodeHeld (the benchmark's encode-only pass). */
  const held: VideoFrame[] = [];
  const needsRendering = () => document.getAnimations().length > 0 || document.querySelector('video') !== null;
  const steps = (mode: Parameters<HeliosPageApi['seek']>[1]) => ({
    seek: (frame: number) => ahead.seek(frame, mode),
    seekNext: (next: number | null) => api.seekNext(next, mode),
    needsRendering,
  });

  const api: HeliosPageApi = {
    frame: () => clock.frame,
    seeksAhead: () => ahead.count,
    waitingFor: currentWait,
    configure(fpsNum, fpsDen) {
      clock.fpsNum = fpsNum;
      clock.fpsDen = fpsDen;
    },
    meta: () => declared.meta(timers),
    async waitReady() {
      try {
        await waitReady(timers, cfg.awaitVideoFrames, hasAnimationFrames);
      } catch (e) {
        pushPageError(describeError(e));
      }
      return takePageErrors();
    },
    async advance(target, mode, budgetMs) {
      await ahead.settle();
      return stepper.advance(target, mode, budgetMs);
    },
    seek: (frame, mode) => ahead.seek(frame, mode),
    async seekPipelined(frame, mode, next) {
      const errors = await ahead.seek(frame, mode);
      if (typeof errors === 'string') return errors;
      // Not with a <video>: its pictures reach the compositor outside the main frame.
      if (next !== null && !document.querySelector('video')) ahead.start(next, mode, true);
      return null;
    },
    seekNext(next, mode) {
      if (next !== null && !needsRendering()) ahead.start(next, mode, false);
    },
    detectMode,
    canvasInfo(selector) {
      const c = findCanvas(selector);
      return c ? { width: c.width, height: c.height, count: document.querySelectorAll('canvas').length } : null;
    },
    readCanvas(selector, type, quality) {
      const url = captureSource(selector).toDataURL(type, quality);
      return { data: url.slice(url.indexOf(',') + 1), needsRendering: needsRendering() };
    },
    async seekAndReadCanvas(frame, mode, next, selector, type, quality) {
      const pageErrors = await ahead.seek(frame, mode);
      if (typeof pageErrors === 'string') return { data: '', needsRendering: false, pageErrors };
      const result = api.readCanvas(selector, type, quality);
      api.seekNext(next, mode);
      return result;
    },
    needsRendering,
    snapshotCanvases: setCanvasSnapshots,
    mediaTimeline,
    videoSources,
    setFrameTimes,
    encoderStart: startEncoder,
    async encodeCanvas(selector, timestamp, keyFrame) {
      await queueImage(captureSource(selector), timestamp, keyFrame);
      return takeEncoded(needsRendering());
    },
    async seekAndEncode(frame, mode, next, selector, timestamp, keyFrame) {
      const pageErrors = await ahead.seek(frame, mode);
      if (typeof pageErrors === 'string') return { pageErrors };
      const batch = await api.encodeCanvas(selector, timestamp, keyFrame);
      api.seekNext(next, mode);
      return batch;
    },
    async seekAndEncodeRange(from, count, end, mode, selector, index, durationUs, gop, budgetMs) {
      const r = await seekRange(steps(mode), from, count, end, budgetMs, (k) => {
        const i = index + k;
        return queueImage(captureSource(selector), Math.round(i * durationUs), i % gop === 0);
      });
      if (r.pageErrors !== undefined) return { data: '', needsRendering: false, produced: 0, ...r, frames: r.frames };
      return { ...takeEncoded(needsRendering()), ...r };
    },
    async grabRange(from, count, end, mode, selector, budgetMs) {
      const r = await seekRange(steps(mode), from, count, end, budgetMs, () => new VideoFrame(captureSource(selector), { timestamp: 0, alpha: 'discard' }).close());
      return { data: '', needsRendering: needsRendering(), produced: 0, ...r };
    },
    encoderFinish: () => finishEncoder(needsRendering()),
    encoderClose: closeEncoder,
    async holdFrames(selector, positions) {
      for (const p of positions) {
        const pageErrors = await ahead.seek(p, 'jump');
        if (pageErrors !== null) return pageErrors;
        held.push(new VideoFrame(captureSource(selector), { timestamp: 0, alpha: 'discard' }));
      }
      return null;
    },
    encodeHeld: (frames, gop, durationUs) => encodeHeld(held, frames, gop, durationUs),
  };
  w.__helios = api;
}
