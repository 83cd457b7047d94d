/**
 * Capture-only and encode-only for canvas mode with the page's own H.264 encoder
 * (WebCodecs), where "capture" and "encode" both happen in the browser:
 * - capture-only: seek, take the canvas as a VideoFrame (what the encoder would get) and
 *   drop it, plus the display-less BeginFrame the renderer sends after a frame while the
 *   document has animations;
 * - encode-only: N frames, cycling 30 VideoFrames taken from the page beforehand and held
 *   in its memory, through the renderer's own page encoder and configuration, then the
 *   bitstream muxed by the renderer's ffmpeg arguments (the same work the render does
 *   after capture, without the page's drawing).
 */
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { CDPSession } from 'puppeteer-core';
import { RANGE_BUDGET_MS, RANGE_MAX_FRAMES, startPageEncoder } from '../src/browser/capture-webcodecs.js';
import type { FrameCapturer } from '../src/browser/capture-frame.js';
import { createFrameTicker } from '../src/browser/frame-ticker.js';
import { loadComposition, type LoadedComposition } from '../src/composition/load-composition.js';
import { buildEncodeArgs, gopFor } from '../src/encode/ffmpeg-args.js';
import { startEncoder } from '../src/encode/ffmpeg-process.js';
import { buildPageEncoderConfig } from '../src/encode/webcodecs-config.js';
import { frameTimeMs } from '../src/shared/fps.js';
import { resolveRenderOptions } from '../src/render/render-options.js';
import { renderOptionsFor, type CaseRun, type EncodeFigures } from './measure.js';

/**
 * The capturer's stand-in in the capture-only pass, run by the renderer's loop
 * (captureFrames): `capture` takes the canvas where the page is (frame 0, as the
 * webcodecs capturer does); `captureRange` seeks and takes frames from `from` on in one
 * call with the renderer's cap and budget, and returns how many it took, without encoding
 * them. One frame ticker for both, so the display-less BeginFrames' times only ever increase.
 */
export function createGrabber(loaded: LoadedComposition, selector: string | undefined): FrameCapturer {
  const { tab } = loaded;
  const begin = tab.beginFrame ? createFrameTicker(tab.cdp as CDPSession, frameTimeMs(1, loaded.metadata.fps)) : undefined;
  const canvas = JSON.stringify(selector ?? null);
  const none = Buffer.alloc(0);
  const afterFrame = async (needsRendering: boolean) => {
    if (begin && needsRendering) await begin(undefined);
  };
  return {
    method: 'webcodecs',
    output: 'h264',
    async warmUp() {},
    async capture() {
      await afterFrame((await tab.page.evaluate(`window.__heliosEncoder.grab(${canvas}); window.__helios.needsRendering()`)) as boolean);
      return none;
    },
    async captureRange(from, end) {
      const count = Math.min(RANGE_MAX_FRAMES, end - from);
      const r = (await tab.page.evaluate(
        `window.__heliosEncoder.grabRange(${from}, ${count}, ${end}, false, ${canvas}, ${RANGE_BUDGET_MS})`,
      )) as { frames: number; needsRendering: boolean; pageErrors?: string };
      if (r.pageErrors !== undefined) throw new Error(`the page threw at frame ${from + r.frames}: ${r.pageErrors}`);
      await afterFrame(r.needsRendering);
      return { data: none, frames: r.frames };
    },
  };
}

const HOLD_SAMPLES = String.raw`async (selector, positions) => {
  window.__benchHeld = [];
  for (const p of positions) {
    await window.__helios.seek(p, false);
    window.__benchHeld.push(new VideoFrame(window.__helios.findCanvas(selector), { timestamp: 0, alpha: 'discard' }));
  }
}`;

// The renderer's own encoder (window.__heliosEncoder), fed the held frames instead of the canvas.
const ENCODE_HELD = String.raw`async (frames, gop, durationUs) => {
  const held = window.__benchHeld;
  const batches = [];
  for (let i = 0; i < frames; i++) {
    await window.__heliosEncoder.queueImage(held[i % held.length], Math.round(i * durationUs), i % gop === 0);
    // Handed over every 30 frames, as a render's captureRange calls do (every 250 ms).
    if (i % 30 === 29) batches.push(window.__heliosEncoder.take().data);
  }
  const last = await window.__heliosEncoder.finish();
  batches.push(last.data);
  for (const f of held) f.close();
  return { produced: last.produced, batches };
}`;

const call = (fn: string, ...args: unknown[]) => `(${fn})(${args.map((a) => JSON.stringify(a ?? null)).join(', ')})`;

/** Encode-only for the page encoder: see the file comment. */
export async function measurePageEncode(run: CaseRun, ffmpeg: string, samples: number, output: string): Promise<EncodeFigures> {
  const o = resolveRenderOptions(renderOptionsFor(run, output));
  let loaded: LoadedComposition | undefined;
  try {
    loaded = await loadComposition({ ...o, metadata: o.metadata });
    const { metadata } = loaded;
    const built = buildPageEncoderConfig({ width: metadata.width, height: metadata.height, fps: metadata.fps, crf: o.crf });
    if ('reason' in built) throw new Error(built.reason);
    const total = metadata.totalFrames ?? run.frames;
    const positions = Array.from({ length: samples }, (_, i) => Math.floor((i * Math.min(total, run.frames)) / samples));
    const { page } = loaded.tab;
    const refused = await startPageEncoder(page, built.config);
    if (refused) throw new Error(refused);
    await page.evaluate(call(HOLD_SAMPLES, o.canvasSelector, positions));
    // Timed from here: the page's encoder, the bitstream handed over, ffmpeg's mux.
    const t0 = performance.now();
    const result = (await page.evaluate(call(ENCODE_HELD, run.frames, gopFor(metadata.fps), (1e6 * metadata.fps.den) / metadata.fps.num))) as { produced: number; batches: string[] };
    if (result.produced !== run.frames) throw new Error(`the page encoder returned ${result.produced} frames for ${run.frames}`);
    const settings = { format: 'mp4' as const, fps: metadata.fps, width: metadata.width, height: metadata.height, crf: o.crf, preset: o.preset };
    const encoder = startEncoder(ffmpeg, buildEncodeArgs({ ...settings, inputWidth: metadata.width, inputHeight: metadata.height, input: 'h264' }, output));
    await encoder.write(Buffer.concat(result.batches.map((b) => Buffer.from(b, 'base64'))));
    await encoder.finish();
    const wallMs = performance.now() - t0;
    const { size } = await stat(output);
    return { frames: run.frames, fps: run.frames / (wallMs / 1000), wallMs, outputKB: size / 1024 };
  } finally {
    await loaded?.close();
  }
}
